#!/usr/bin/env python3
"""Signed request paths for bench/run.sh, one a line (wrk's LuaJIT has no SHA1).

  urls.py did FIRST COUNT         did_create of COUNT fresh DIDs from number FIRST on
  urls.py topup FIRST COUNT       cc_by_cli top-ups (amount 1) of the cards with caller IDs
                                  FIRST .. FIRST+COUNT-1
  urls.py pin FIRST RINGS SIZE PIN_FIRST
                                  cc_by_cli PIN moves around RINGS rings of SIZE cards (card i
                                  has caller ID FIRST+i and PIN PIN_FIRST+i)

Hashes as SPEC 2/4 say, with the demo's admin secret: did_create signs provider_id then did;
cc_by_cli the MOR order (pin, amount, callerid).
A PIN move empties the PIN card onto the caller ID's card, so a request can only be repeated once
that card is full again. Request j moves, in ring j % RINGS, card p+1's balance onto card p
(p = j / RINGS % SIZE); the next request of the same ring refills card p+1 from card p+2. The
money goes round and never runs out, and consecutive requests (in flight together) touch
different rings, so they do not queue on each other's row locks.
"""
import hashlib
import sys

SECRET = "secret"


def sign(*values):
    return hashlib.sha1(("".join(values) + SECRET).encode()).hexdigest()


def main():
    kind, args = sys.argv[1], [int(a) for a in sys.argv[2:]]
    out = []
    if kind == "did":
        first, count = args
        for n in range(first, first + count):
            did = str(n)
            out.append(f"/billing/api/did_create?u=admin&did={did}&provider_id=1&hash={sign('1', did)}")
    elif kind == "topup":
        first, count = args
        for n in range(first, first + count):
            cli = str(n)
            out.append(f"/billing/api/cc_by_cli?u=admin&p=admin1&callerid={cli}&amount=1&hash={sign('1', cli)}")
    elif kind == "pin":
        first, rings, size, pin_first = args
        for j in range(rings * size):
            ring, p = j % rings, j // rings % size
            cli = str(first + ring * size + p)
            pin = str(pin_first + ring * size + (p + 1) % size)
            out.append(f"/billing/api/cc_by_cli?u=admin&p=admin1&callerid={cli}&pin={pin}&hash={sign(pin, cli)}")
    else:
        sys.exit(__doc__)
    sys.stdout.write("\n".join(out) + "\n")


if __name__ == "__main__":
    main()
