"""A lean SMTP sink for `make bench`, in a process of its own: speaks just
enough SMTP (EHLO/HELO, MAIL, RCPT, DATA, RSET, NOOP, QUIT) to accept every
message, counts messages and connections, and prints both when stopped
(SIGTERM). aiosmtpd, a full server written for correctness, spends more CPU a
command than the portal spends a message, so the bench would measure it; the
tests use aiosmtpd."""

import asyncio
import signal
import sys


class Stats:
    messages = 0
    connections = 0


class SinkProtocol(asyncio.Protocol):
    def connection_made(self, transport):
        self.transport = transport
        self.buffer = b""
        self.in_data = False
        Stats.connections += 1
        transport.write(b"220 bench sink ready\r\n")

    def data_received(self, data):
        self.buffer += data
        while True:
            if self.in_data:
                end = self.buffer.find(b"\r\n.\r\n")
                if end < 0:
                    return
                self.buffer = self.buffer[end + 5 :]
                self.in_data = False
                Stats.messages += 1
                self.transport.write(b"250 OK\r\n")
                continue
            end = self.buffer.find(b"\r\n")
            if end < 0:
                return
            line, self.buffer = self.buffer[:end], self.buffer[end + 2 :]
            self.command(line[:4].upper())

    def command(self, verb):
        if verb == b"EHLO":
            self.transport.write(b"250-bench sink\r\n250 8BITMIME\r\n")
        elif verb == b"DATA":
            self.in_data = True
            # the terminator search starts after the DATA line
            self.buffer = b"\r\n" + self.buffer
            self.transport.write(b"354 End data with <CR><LF>.<CR><LF>\r\n")
        elif verb == b"QUIT":
            self.transport.write(b"221 Bye\r\n")
            self.transport.close()
        else:
            self.transport.write(b"250 OK\r\n")


async def serve(port: int) -> None:
    loop = asyncio.get_running_loop()
    stop = asyncio.Event()
    loop.add_signal_handler(signal.SIGTERM, stop.set)
    loop.add_signal_handler(signal.SIGINT, stop.set)
    server = await loop.create_server(SinkProtocol, "127.0.0.1", port)
    print("ready", flush=True)
    await stop.wait()
    server.close()
    print(f"{Stats.messages} {Stats.connections}", flush=True)


if __name__ == "__main__":
    asyncio.run(serve(int(sys.argv[1])))
