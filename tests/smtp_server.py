#!/usr/bin/env python3
"""A real SMTP server on 127.0.0.1 for Kindred's tests (Debian's python3-aiosmtpd).

Writes each accepted message, byte for byte, to MAILDIR/NNNN.eml and its
envelope recipients to MAILDIR/NNNN.rcpt; prints the port it listens on to
--port-file once it accepts connections; runs until killed (SIGTERM).
"""
import argparse
import os
import signal
import socket
import ssl
import sys
import threading
import time

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword


class Handler:
    def __init__(self, args):
        self.args = args
        self.count = len([n for n in os.listdir(args.maildir) if n.endswith(".eml")])
        self.lock = threading.Lock()

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address in self.args.refuse:
            return "550 5.1.1 <%s>: Recipient address rejected: User unknown" % address
        envelope.rcpt_tos.append(address)
        return "250 2.1.5 Ok"

    async def handle_DATA(self, server, session, envelope):
        with self.lock:
            if self.args.die_after is not None and self.count >= self.args.die_after:
                os._exit(0)  # gone mid-message: no reply, no goodbye
            if self.args.delay_ms:
                time.sleep(self.args.delay_ms / 1000.0)
            n = self.count
            self.count += 1
            path = os.path.join(self.args.maildir, "%04d" % n)
            with open(path + ".tmp", "wb") as f:
                f.write(envelope.original_content)
            with open(path + ".rcpt", "w") as f:
                f.write("\n".join(envelope.rcpt_tos) + "\n")
            os.rename(path + ".tmp", path + ".eml")
        return "250 2.0.0 Ok: queued as K%04d" % n


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--maildir", required=True)
    p.add_argument("--port-file", required=True)
    p.add_argument("--mode", choices=["plain", "starttls", "smtps"], default="plain")
    p.add_argument("--cert")
    p.add_argument("--key")
    p.add_argument("--auth", help="USER:PASSWORD that AUTH must give")
    p.add_argument("--refuse", action="append", default=[], help="answer 550 to this recipient")
    p.add_argument("--die-after", type=int, help="exit at once on the DATA after this many messages")
    p.add_argument("--delay-ms", type=int, default=0, help="wait this long before accepting each message")
    args = p.parse_args()

    kwargs = {}
    context = None
    if args.mode != "plain":
        context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        context.load_cert_chain(args.cert, args.key)
    if args.mode == "starttls":
        kwargs.update(tls_context=context, require_starttls=True)
    if args.auth:
        user, password = args.auth.split(":", 1)

        def authenticate(server, session, envelope, mechanism, auth_data):
            ok = (isinstance(auth_data, LoginPassword) and auth_data.login.decode() == user
                  and auth_data.password.decode() == password)
            return AuthResult(success=ok, handled=False)  # handled=False: the server answers 535

        kwargs.update(authenticator=authenticate, auth_required=True,
                      auth_require_tls=args.mode != "plain")
    for attempt in range(20):
        port = free_port()
        controller = Controller(Handler(args), hostname="127.0.0.1", port=port,
                                ssl_context=context if args.mode == "smtps" else None,
                                server_hostname="localhost", **kwargs)
        try:
            controller.start()
            break
        except Exception:  # the port was taken meanwhile: another one
            time.sleep(0.05)
    else:
        sys.exit("no free port")
    with open(args.port_file + ".tmp", "w") as f:
        f.write(str(port))
    os.rename(args.port_file + ".tmp", args.port_file)
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    signal.signal(signal.SIGINT, lambda *_: stop.set())
    stop.wait()
    controller.stop()


if __name__ == "__main__":
    main()
