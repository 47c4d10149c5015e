#!/usr/bin/env python3
"""Reads every .eml in a folder the way a mail client would (Python's email
package, python3-vobject for attachments) and prints one JSON object per
message, for Kindred's send tests to check."""
import email
import email.policy
import html.parser
import json
import os
import re
import sys

import vobject


def _luminance(hex_colour):
    h = hex_colour.lstrip("#")
    if len(h) == 3:
        h = "".join(c * 2 for c in h)
    channels = [int(h[i:i + 2], 16) / 255 for i in (0, 2, 4)]
    lin = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]


def contrast(fg, bg):
    a, b = sorted((_luminance(fg), _luminance(bg)), reverse=True)
    return (a + 0.05) / (b + 0.05)


class HtmlReader(html.parser.HTMLParser):
    """What a reader sees of the HTML part: its text, its language, and for
    every text colour the background it is drawn on (its own or an
    ancestor's) and their contrast."""
    VOID = {"meta", "br", "img", "hr", "link", "input"}

    def __init__(self):
        super().__init__()
        self.stack = []  # (tag, colour, background)
        self.text = []
        self.lang = ""
        self.color_scheme = ""
        self.contrasts = []  # (fg, bg, ratio, text)
        self.colour_without_background = []
        self.in_title = False

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "html":
            self.lang = a.get("lang", "")
        if tag == "meta" and a.get("name") == "color-scheme":
            self.color_scheme = a.get("content", "")
        style = a.get("style", "")
        colour = re.search(r"(?:^|;)\s*color:\s*(#[0-9a-fA-F]{3,6})", style)
        background = re.search(r"background-color:\s*(#[0-9a-fA-F]{3,6})", style)
        parent_bg = next((bg for _, _, bg in reversed(self.stack) if bg), None)
        bg = background.group(1) if background else parent_bg
        fg = colour.group(1) if colour else next((c for _, c, _ in reversed(self.stack) if c), None)
        if colour and not bg:
            self.colour_without_background.append(tag)
        if tag == "title":
            self.in_title = True
        if tag not in self.VOID:
            self.stack.append((tag, fg if colour else None, background.group(1) if background else None))
        if tag == "br":
            self.text.append("\n")

    def handle_endtag(self, tag):
        if tag == "title":
            self.in_title = False
        while self.stack:
            t, _, _ = self.stack.pop()
            if t == tag:
                break
        if tag in ("p", "li", "h2", "div"):
            self.text.append("\n")

    def handle_data(self, data):
        if self.in_title or not data.strip():
            return
        self.text.append(data)
        fg = next((c for _, c, _ in reversed(self.stack) if c), None)
        bg = next((b for _, _, b in reversed(self.stack) if b), None)
        if fg and bg:
            self.contrasts.append((fg, bg, contrast(fg, bg), data.strip()[:40]))
        elif data.strip():
            self.contrasts.append((fg or "", bg or "", 0.0, data.strip()[:40]))


class ObfuscationCounter(html.parser.HTMLParser):
    """SpamAssassin's HTML_OBFUSCATE_* measure (Mail::SpamAssassin::HTML,
    html_text): the text pieces that meet across a tag with no space or ASCII
    punctuation between them (as in "free" written "fr<b></b>ee"), per tag.
    Its rules score a ratio from 0.05 up. Text between tags in a language
    without spaces (Japanese) counts as such a piece unless a tag that makes
    white space (br, div, p, li, td, h1...) or a space parts it."""
    WHITESPACE = {"br", "div", "li", "th", "td", "dt", "dd", "p", "hr", "blockquote", "pre", "embed", "title",
                  "h1", "h2", "h3", "h4", "h5", "h6"}
    WORD = re.compile(r"[^ \t\n\r\f\x0b\x21-\x2f\x3a-\x40\x5b-\x60\x7b-\x7e]")

    def __init__(self):
        super().__init__()
        self.tags = 0
        self.obfuscation = 0
        self.last = None  # the last text piece, as SpamAssassin keeps it
        self.skip = 0     # inside script or style

    def handle_decl(self, decl):
        if decl.lower().startswith("doctype"):
            self.tags += 1

    def _tag(self, tag, start):
        self.tags += 1
        if tag in ("script", "style"):
            self.skip += 1 if start else -1
        if tag in self.WHITESPACE:
            self.last = "\n"

    def handle_starttag(self, tag, attrs):
        self._tag(tag, True)

    def handle_startendtag(self, tag, attrs):
        self._tag(tag, True)

    def handle_endtag(self, tag):
        self._tag(tag, False)

    def handle_data(self, data):
        if self.skip > 0:
            return
        if self.last is not None and self.WORD.match(data[:1]) and self.WORD.match(self.last[-1:]):
            self.obfuscation += 1
        self.last = re.sub(r"[ \t\n\r\f\x0b]+", " ", data)

    def ratio(self):
        return self.obfuscation / self.tags if self.tags else 0.0


def read_html(content):
    counter = ObfuscationCounter()
    counter.feed(content)
    r = HtmlReader()
    r.feed(content)
    text = re.sub(r"[ \t]+", " ", "".join(r.text))
    worst = min(r.contrasts, key=lambda c: c[2]) if r.contrasts else ("", "", 0.0, "")
    return {"html_text": text, "html_lang": r.lang, "html_color_scheme": r.color_scheme,
            "html_min_contrast": worst[2], "html_worst_text": worst[3],
            "html_colour_without_background": r.colour_without_background,
            "html_obfuscation_ratio": counter.ratio()}


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
        html_checks = read_html(html.get_content()) if html else {}
        out.append({
            **html_checks,
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
            "content_language": str(msg["Content-Language"] or ""),
            "text_charset": text.get_content_charset() if text else "",
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
