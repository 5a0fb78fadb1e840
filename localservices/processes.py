"""Ports, errors and the stack that stops what was started: the pieces every service shares."""

import contextlib
import signal
import socket
import sys
import threading

HOST = "127.0.0.1"


class ServiceError(Exception):
    """A server is not installed, does not start or does not answer; the message says what to do."""


def free_port():
    """A TCP port of 127.0.0.1 that nothing listens on at this moment (the kernel's choice)."""
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return probe.getsockname()[1]


def port_is_free(port):
    with socket.socket() as probe:
        # As the servers themselves bind: a port whose last connections linger in TIME_WAIT is free to them.
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((HOST, port))
        except OSError:
            return False
        return True


def say(program, message):
    print(f"{program}: {message}", file=sys.stderr, flush=True)


def _exit(signum, frame):
    raise SystemExit(128 + signum)


def exit_on_signals():
    """Turn Ctrl-C into KeyboardInterrupt and TERM or HUP into SystemExit, so that ``finally`` and ``with`` clean up.

    Ctrl-C raises KeyboardInterrupt even in a background job (which starts with SIGINT ignored); HUP is left
    ignored when it is (as under nohup).
    """
    signal.signal(signal.SIGINT, signal.default_int_handler)
    signal.signal(signal.SIGTERM, _exit)
    if signal.getsignal(signal.SIGHUP) is not signal.SIG_IGN:
        signal.signal(signal.SIGHUP, _exit)


class Services(contextlib.ExitStack):
    """Services started in a ``with`` block, stopped in reverse order when it ends, however it ends.

    A second Ctrl-C (or TERM) during the stopping does not interrupt it. ``start(service)`` starts a service and
    registers its ``stop``; ``callback(function)`` registers any other undo step.
    """

    def __init__(self, program="services"):
        super().__init__()
        self.program = program

    def start(self, service):
        self.callback(self._stop, service)
        service.start()
        return service

    def _stop(self, service):
        try:
            service.stop()
        except Exception as error:  # keep stopping the others
            say(self.program, f"stopping {service} failed: {error!r}")

    def __exit__(self, *exc_info):
        in_main_thread = threading.current_thread() is threading.main_thread()
        saved = {}
        if in_main_thread:
            for signum in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
                saved[signum] = signal.signal(signum, signal.SIG_IGN)
        try:
            return super().__exit__(*exc_info)
        finally:
            for signum, handler in saved.items():
                signal.signal(signum, handler)
