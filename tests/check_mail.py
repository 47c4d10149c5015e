#!/usr/bin/env python3
"""Reads every .eml in a folder the way a mail client would (Python's email
package, python3-vobject for attachments) and prints one JSON object per
message, for Kindred's send tests to check."""
import email
import email.policy
import json
import os
import sys

import vobject


def main():
    folder = sys.argv[1]
    out = []
    for name in sorted(n for n in os.listdir(folder) if n.endswith(".eml")):
        raw = open(os.path.join(folder, name), "rb").read()
        msg = email.message_from_bytes(raw, policy=email.policy.default)
        rcpt_path = os.path.join(folder, name[:-4] + ".rcpt")
        text = msg.get_body(("plain",))
        html = msg.get_body(("html",))
        cards = []
        for part in msg.iter_attachments():
            if part.get_content_type() == "text/vcard":
                for card in vobject.readComponents(part.get_content()):
                    cards.append({"fn": card.fn.value,
                                  "email": card.email.value if hasattr(card, "email") else ""})
        lines = raw.split(b"\r\n")
        out.append({
            "file": name,
            "rcpt": open(rcpt_path).read().split() if os.path.exists(rcpt_path) else [],
            "to_name": msg["To"].addresses[0].display_name,
            "to": msg["To"].addresses[0].addr_spec,
            "from_name": msg["From"].addresses[0].display_name,
            "from": msg["From"].addresses[0].addr_spec,
            "reply_to": str(msg["Reply-To"] or ""),
            "subject": str(msg["Subject"]),
            "message_id": str(msg["Message-ID"]),
            "date": str(msg["Date"]),
            "list_unsubscribe": str(msg["List-Unsubscribe"] or ""),
            "text": text.get_content() if text else "",
            "html": html.get_content() if html else "",
            "vcards": cards,
            "defects": [str(d) for p in msg.walk() for d in p.defects],
            "longest_line": max(len(l) for l in lines),
            "bare_lf": b"\n" in raw.replace(b"\r\n", b""),
        })
    json.dump(out, sys.stdout, ensure_ascii=False)


if __name__ == "__main__":
    main()
