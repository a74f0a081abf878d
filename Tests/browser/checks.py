"""What every browser check file shares: the run loop (each check in order, PASS or FAIL with its
time, a screenshot of a failure, the browser closed at the end) and the command line (--base,
--artifacts, the "N passed, N failed" line and the exit status scripts/test-browser reads).

A check file's class has its checks as methods and `passed`, `failed`, and when it drives a browser
`driver` and `shot(name)`; its `run` names the order and calls `run_checks`; its `main` calls
`run_main`. Tests/oracle's report check, which drives no browser, uses them too.
"""
import argparse
import time
import traceback


def run_checks(test, order, stop_at_failure=False):
    """Runs `order`'s checks on `test`. A failed check does not stop the others, unless
    `stop_at_failure` (checks that build on each other, as an officer's day does)."""
    for name in order:
        started = time.time()
        try:
            getattr(test, name)()
            test.passed += 1
            print(f"PASS {name} ({time.time() - started:.1f} s)", flush=True)
        except Exception as error:
            test.failed += 1
            print(f"FAIL {name}: {error}", flush=True)
            traceback.print_exc(limit=3)
            try:
                if hasattr(test, "shot"):
                    test.shot("FAIL-" + name)
            except Exception:
                pass
            if stop_at_failure:
                break
    if hasattr(test, "driver"):
        test.driver.quit()


def run_main(make_test, add_arguments=None, announce=None):
    """Parses --base and --artifacts (and what `add_arguments` adds), makes the test with
    `make_test(args)` (a failure there is one failed check), runs it and prints the summary.
    Returns the exit status."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--base", required=True)
    parser.add_argument("--artifacts", default=".build/browser-artifacts")
    if add_arguments:
        add_arguments(parser)
    args = parser.parse_args()
    if announce:
        announce(args)
    try:
        test = make_test(args)
    except Exception as error:
        print(f"FAIL setup: {error}")
        traceback.print_exc(limit=3)
        print("0 passed, 1 failed")
        return 1
    test.run()
    print(f"{test.passed} passed, {test.failed} failed")
    return 1 if test.failed else 0
