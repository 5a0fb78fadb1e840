"""Running a site: backups and restores, the demo content and editor, large generated archives for measurements."""
