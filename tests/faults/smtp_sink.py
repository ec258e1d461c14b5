"""A tiny real SMTP server for the fault tests, run in its own process:

    python -m tests.faults.smtp_sink <port> <folder>

Speaks enough SMTP for Django's backend (EHLO/HELO, MAIL, RCPT, DATA, RSET, NOOP, QUIT) and
writes each message it accepts to <folder>/<n>.eml, envelope recipients in an X-Envelope-To
header. Prints "ready" once it listens. Stopped by terminating the process."""

import asyncio
import itertools
import os
import sys

COUNTER = itertools.count(1)


async def session(reader, writer, folder):
    def reply(line):
        writer.write(f"{line}\r\n".encode())

    reply("220 sink ESMTP")
    recipients = []
    while True:
        line = await reader.readline()
        if not line:
            break
        command = line.decode(errors="replace").strip()
        verb = command[:4].upper()
        if verb in {"EHLO", "HELO"}:
            writer.write(b"250-sink\r\n250 8BITMIME\r\n" if verb == "EHLO" else b"250 sink\r\n")
        elif verb == "MAIL":
            recipients = []
            reply("250 OK")
        elif verb == "RCPT":
            recipients.append(command.split(":", 1)[1].strip().strip("<>"))
            reply("250 OK")
        elif verb == "DATA":
            reply("354 End data with <CR><LF>.<CR><LF>")
            await writer.drain()
            lines = []
            while True:
                data = await reader.readline()
                if data in {b".\r\n", b".\n", b""}:
                    break
                lines.append(data[1:] if data.startswith(b"..") else data)
            name = os.path.join(folder, f"{os.getpid()}-{next(COUNTER)}.eml")
            with open(name + ".tmp", "wb") as handle:
                handle.write(f"X-Envelope-To: {', '.join(recipients)}\r\n".encode())
                handle.write(b"".join(lines))
            os.replace(name + ".tmp", name)
            reply("250 OK: queued")
        elif verb == "QUIT":
            reply("221 Bye")
            await writer.drain()
            break
        else:  # RSET, NOOP and the rest
            reply("250 OK")
        await writer.drain()
    writer.close()


async def main(port, folder):
    server = await asyncio.start_server(lambda r, w: session(r, w, folder), "127.0.0.1", port)
    print("ready", flush=True)
    async with server:
        await server.serve_forever()


if __name__ == "__main__":
    asyncio.run(main(int(sys.argv[1]), sys.argv[2]))
