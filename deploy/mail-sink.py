#!/usr/bin/env python3
"""A mail sink for run-local.sh only: an SMTP server on loopback that accepts every message and writes it to
a folder, one .eml file each, and prints the reset links it sees. Never use it in front of real members."""
import asyncio
import pathlib
import re
import sys
import time

FOLDER = pathlib.Path(sys.argv[2] if len(sys.argv) > 2 else "mail")
LINK = re.compile(rb"https?://\S+/reinitialisation/[0-9a-f]{32}/[A-Za-z0-9_-]{43}")
counter = 0


async def session(reader, writer):
    global counter
    def reply(line):
        writer.write(line.encode() + b"\r\n")
    reply("220 mail-sink ready")
    recipients = []
    while line := await reader.readline():
        verb = line[:4].upper()
        if verb == b"EHLO":
            reply("250-mail-sink")
            reply("250 8BITMIME")
        elif verb == b"HELO":
            reply("250 mail-sink")
        elif verb == b"MAIL":
            recipients = []
            reply("250 OK")
        elif verb == b"RCPT":
            recipients.append(line[8:].strip().decode(errors="replace"))
            reply("250 OK")
        elif verb == b"DATA":
            reply("354 end with <CRLF>.<CRLF>")
            await writer.drain()
            body = bytearray()
            while (chunk := await reader.readline()) not in (b".\r\n", b".\n", b""):
                body += chunk[1:] if chunk.startswith(b"..") else chunk
            counter += 1
            name = FOLDER / f"{time.strftime('%Y%m%d-%H%M%S')}-{counter:04d}.eml"
            name.write_bytes(bytes(body))
            # Quoted-printable may break a long link over lines: join soft line breaks before looking.
            flat = re.sub(rb"=\r?\n", b"", bytes(body))
            links = {m.group(0).decode() for m in LINK.finditer(flat)}
            print(f"mail to {', '.join(recipients)} -> {name}" + "".join(f"\n  link: {l}" for l in links), flush=True)
            reply("250 OK queued")
        elif verb == b"QUIT":
            reply("221 bye")
            await writer.drain()
            break
        else:  # RSET, NOOP and anything else
            reply("250 OK")
        await writer.drain()
    writer.close()


async def main():
    FOLDER.mkdir(parents=True, exist_ok=True)
    server = await asyncio.start_server(session, "127.0.0.1", int(sys.argv[1] if len(sys.argv) > 1 else 2525))
    async with server:
        await server.serve_forever()

asyncio.run(main())
