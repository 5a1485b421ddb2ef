#!/usr/bin/env python3
"""A register of N generated members for the import benchmark: the four code formats in turn, accented names.

usage: generate.py N > registre-N.csv
"""
import sys

names = ["Émilie Côté", "François Bélanger", "Hélène Gagnon", "Jérôme Tremblay", "Noémie Lévesque", "Zoé Bouchard"]


def code(i):
    kind, n = i % 4, i // 4
    return [f"{n:05d}", f"R{n:05d}", f"E{n:08d}", f"500{n:05d}"][kind]


def main():
    count = int(sys.argv[1])
    if count > 400_000:
        sys.exit("at most 400,000 (100,000 codes per format)")
    out = sys.stdout
    out.write("\ufeffcode;nom;courriel\n")
    for i in range(count):
        out.write(f"{code(i)};Dr {names[i % len(names)]} {i};membre.{i}@example.org\n")


main()
