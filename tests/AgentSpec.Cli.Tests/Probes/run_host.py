#!/usr/bin/env python3
"""A host program that is not .NET: drives `agentspec run --json` end to end, as an agent host would.

Standard library only. The agentspec command words come as a JSON list in $AGENTSPEC_COMMAND, its data root in
--data-dir DATA_ROOT (argv[1]). Prints one `key=value` line per fact it established; HostProgramTests asserts on them.
Nothing here trusts agentspec's human text: everything comes from the events and the exit codes (docs/running.md).
"""
import base64
import json
import os
import signal
import subprocess
import sys
import time

COMMAND = json.loads(os.environ["AGENTSPEC_COMMAND"])
DATA = sys.argv[1]
TAG = sys.argv[2]  # unique per test run: run ids and sessions never collide with another test's
SECRET = "per-message-token-" + TAG


def fact(key, value):
    print(f"{key}={value}", flush=True)


def agentspec(command, *args):
    return COMMAND + [command, "--data-dir", DATA] + list(args)


class Run:
    """One `agentspec run --json`: its events as they come, the container's output decoded."""

    def __init__(self, *args, stdin=None):
        self.process = subprocess.Popen(
            agentspec("run", *args), stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        if stdin is not None:
            self.process.stdin.write(stdin)
        self.process.stdin.close()
        self.events = []
        self.output = {"stdout": b"", "stderr": b""}

    def next_event(self):
        line = self.process.stdout.readline()
        if not line:
            return None
        event = json.loads(line)  # every line is one JSON object, or this fails the run
        if event["event"] == "output":
            self.output[event["stream"]] += base64.b64decode(event["data"], validate=True)
        self.events.append(event)
        return event

    def until(self, predicate):
        while (event := self.next_event()) is not None:
            if predicate(event):
                return event
        return None

    def finish(self, timeout=120):
        while self.next_event() is not None:
            pass
        self.stderr = self.process.stderr.read().decode("utf-8", "replace")
        return self.process.wait(timeout)

    def kinds(self):
        return ",".join(e["event"] for e in self.events if e["event"] != "output")

    def last(self):
        return [e for e in self.events if e["event"] != "output"][-1]


def secret_leaked(run):
    """Whether the per-run value appears anywhere but in the container's own output (which printed it on purpose)."""
    not_output = [json.dumps(e) for e in run.events if e["event"] != "output"]
    return any(SECRET in line for line in not_output) or SECRET in run.stderr


def exited_one():
    # The name is ours to choose before anything starts: agentspec-GROUP-SESSION-RUN.
    run_id = "host-" + TAG
    expected = f"agentspec-research-default-{run_id}"
    run = Run("research", "--json", "--run-id", run_id, "--env", "TOKEN=" + SECRET, "-i", "--",
              "sh", "-c", 'read line; echo "$TOKEN:$line"; echo "to stderr" >&2; exit 1', stdin=b"hello from the host\n")
    created = run.until(lambda e: e["event"] == "created")
    fact("created_name_known", created is not None and created["container"] == expected)
    started = run.until(lambda e: e["event"] == "started")
    fact("started_id_matches", started is not None and started["containerId"] == created["containerId"])
    code = run.finish()
    fact("exit1_code", code)
    fact("exit1_events", run.kinds())
    fact("exit1_last_exit_code", run.last().get("exitCode"))
    fact("exit1_stdout", run.output["stdout"].decode().strip())
    fact("exit1_stderr", run.output["stderr"].decode().strip())
    fact("exit1_secret_leaked", secret_leaked(run))


def refused():
    session = "refused-" + TAG
    run = Run("research", "--json", "--session", session, "--env", "HOME=" + SECRET, "--env", "LD_PRELOAD=/x.so", "--", "true")
    code = run.finish()
    fact("refused_code", code)
    fact("refused_events", run.kinds())
    fact("refused_problems", len(run.last().get("problems", [])))
    fact("refused_reason", run.last().get("reason"))
    fact("refused_session_created", os.path.exists(os.path.join(DATA, "data", "v2-sessions", "research", session)))
    fact("refused_secret_leaked", secret_leaked(run))


def stopped_by_stop_command():
    session = "stop-" + TAG
    # Process 1 ignoring SIGTERM: only the grace period's SIGKILL ends it.
    run = Run("research", "--json", "--session", session, "--run-id", "stop-" + TAG, "--",
              "sh", "-c", "trap '' TERM; echo ready; while true; do sleep 1; done")
    run.until(lambda e: e["event"] == "output" and b"ready" in run.output["stdout"])
    began = time.monotonic()
    stop = subprocess.run(agentspec("stop", "research", "--session", session, "--stop-timeout", "1"), capture_output=True)
    took = time.monotonic() - began
    code = run.finish()
    fact("stop_command_code", stop.returncode)
    fact("stop_seconds_under_8", took < 8)  # the default grace period alone is 10 s
    fact("stop_run_code", code)
    fact("stop_last", f"{run.last()['event']}:{run.last().get('exitCode')}")


def stopped_by_signal():
    run = Run("research", "--json", "--session", "sig-" + TAG, "--stop-timeout", "1", "--",
              "sh", "-c", "trap 'echo got TERM; exit 0' TERM; echo ready; while true; do sleep 1; done")
    run.until(lambda e: e["event"] == "output" and b"ready" in run.output["stdout"])
    run.process.send_signal(signal.SIGTERM)
    code = run.finish()
    last = run.last()
    fact("signal_code", code)
    fact("signal_last", f"{last['event']}:{last.get('reason')}:{last.get('signal')}:{last.get('exitCode')}")


def timed_out():
    run = Run("research", "--json", "--session", "timeout-" + TAG, "--timeout", "2s", "--stop-timeout", "1", "--", "sleep", "60")
    began = time.monotonic()
    code = run.finish()
    last = run.last()
    fact("timeout_code", code)
    fact("timeout_last", f"{last['event']}:{last.get('reason')}")
    fact("timeout_seconds_ok", time.monotonic() - began < 30)


for step in (exited_one, refused, stopped_by_stop_command, stopped_by_signal, timed_out):
    step()
fact("done", True)
