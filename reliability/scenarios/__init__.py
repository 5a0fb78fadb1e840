"""One module per scenario of ``make stress``, each with ``run(ctx, args)`` returning its ``Result``."""
