#!/usr/bin/env python3
"""The floor's cross-check: the four raw Engine API calls of one launch (create, start, wait, delete) over the unix
socket with nothing but the standard library, as a whole process. The create body is the JSON file the harness wrote
from the same create parameters agentspec sends (binds, env, labels, hardening, seccomp profile).

    raw_api.py BODY.json NAME [SOCKET]      exit code: the container's
"""
import http.client
import json
import socket
import sys


class UnixConnection(http.client.HTTPConnection):
    def __init__(self, path):
        super().__init__("localhost")
        self._path = path

    def connect(self):
        self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self.sock.connect(self._path)


def call(conn, method, url, body=None, expect=(200, 201, 204)):
    headers = {"Content-Type": "application/json"} if body is not None else {}
    conn.request(method, url, body=body, headers=headers)
    response = conn.getresponse()
    data = response.read()
    if response.status not in expect:
        sys.exit(f"raw_api: {method} {url} -> {response.status}: {data[:300]!r}")
    return json.loads(data) if data else None


def main():
    body_path, name = sys.argv[1], sys.argv[2]
    sock = sys.argv[3] if len(sys.argv) > 3 else "/var/run/docker.sock"
    with open(body_path, "rb") as f:
        body = f.read()
    conn = UnixConnection(sock)
    created = call(conn, "POST", f"/containers/create?name={name}", body)
    cid = created["Id"]
    try:
        call(conn, "POST", f"/containers/{cid}/start")
        status = call(conn, "POST", f"/containers/{cid}/wait")["StatusCode"]
    finally:
        call(conn, "DELETE", f"/containers/{cid}?force=true")
    return status


if __name__ == "__main__":
    sys.exit(main())
