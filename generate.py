#!/usr/bin/env python3
"""mythprint's command line: `python generate.py --help` says what it can do."""

from mythprint.cli import main

if __name__ == "__main__":
    main()
