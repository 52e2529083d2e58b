#!/usr/bin/env python3
"""Small helpers around Qt Linguist .ts files (see README.md in this folder).

  ts_tool.py status TS...            count unfinished / empty messages, list them (exit 1 if any)
  ts_tool.py fill-english EN.ts      English is the source language: translation = source
  ts_tool.py todo TS > todo.json     the unfinished messages, to translate in any editor
  ts_tool.py apply TS todo.json      write the "translation" fields back, marked finished

Files are re-normalised with Qt's lconvert afterwards when it is found, so they stay in the exact
format lupdate writes (small diffs, clean merges).
"""
import json
import os
import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET


def lconvert():
    for cand in (shutil.which("lconvert"), "/usr/lib/qt6/bin/lconvert"):
        if cand and os.path.exists(cand):
            return cand
    return None


def load(path):
    return ET.parse(path)


def save(tree, path):
    tree.write(path, encoding="utf-8", xml_declaration=True)
    tool = lconvert()
    if tool:
        subprocess.run([tool, "-locations", "none", "-i", path, "-o", path], check=True)


def messages(tree):
    for ctx in tree.getroot().iter("context"):
        name = ctx.findtext("name")
        for msg in ctx.iter("message"):
            yield name, msg


def is_numerus(msg):
    return msg.get("numerus") == "yes"


def translation_texts(msg):
    tr = msg.find("translation")
    if tr is None:
        return []
    if is_numerus(msg):
        return [f.text or "" for f in tr.iter("numerusform")]
    return [tr.text or ""]


def problems(tree):
    """(context, source, why) for every message that is not a finished, non-empty translation."""
    out = []
    for ctx, msg in messages(tree):
        tr = msg.find("translation")
        src = msg.findtext("source")
        kind = tr.get("type") if tr is not None else "missing"
        if kind in ("unfinished", "vanished", "obsolete", "missing"):
            out.append((ctx, src, kind))
        elif not translation_texts(msg) or any(not t.strip() for t in translation_texts(msg)):
            out.append((ctx, src, "empty"))
    return out


def english_plural(source, plural):
    if "(s)" in source:
        return source.replace("(s)", "s" if plural else "")
    return source


def cmd_status(paths):
    bad = 0
    for p in paths:
        tree = load(p)
        total = sum(1 for _ in messages(tree))
        probs = problems(tree)
        bad += len(probs)
        print(f"{os.path.basename(p)}: {total} messages, {len(probs)} to translate")
        for ctx, src, why in probs[:200]:
            print(f"  [{why}] {ctx}: {src!r}")
    # Informational (update_translations prints it); tests/i18n enforces completeness.
    return 0


def cmd_fill_english(path):
    tree = load(path)
    changed = 0
    for _, msg in messages(tree):
        tr = msg.find("translation")
        if tr is None:
            tr = ET.SubElement(msg, "translation")
        finished = tr.get("type") is None and translation_texts(msg) and all(translation_texts(msg))
        if finished or tr.get("type") in ("vanished", "obsolete"):
            continue
        src = msg.findtext("source")
        for child in list(tr):
            tr.remove(child)
        if is_numerus(msg):
            tr.text = None
            for plural in (False, True):
                ET.SubElement(tr, "numerusform").text = english_plural(src, plural)
        else:
            tr.text = src
        tr.attrib.pop("type", None)
        changed += 1
    # Messages lupdate marked vanished/obsolete are gone from the sources: drop them.
    for ctx in tree.getroot().iter("context"):
        for msg in list(ctx.findall("message")):
            tr = msg.find("translation")
            if tr is not None and tr.get("type") in ("vanished", "obsolete"):
                ctx.remove(msg)
    save(tree, path)
    print(f"{os.path.basename(path)}: {changed} English messages filled from their sources")
    return 0


def cmd_todo(path):
    tree = load(path)
    todo = []
    for ctx, msg in messages(tree):
        tr = msg.find("translation")
        if tr is not None and tr.get("type") is None and all(t.strip() for t in translation_texts(msg)):
            continue
        item = {"context": ctx, "source": msg.findtext("source")}
        if msg.findtext("comment"):
            item["comment"] = msg.findtext("comment")
        if is_numerus(msg):
            item["numerus"] = True
        item["translation"] = ""
        todo.append(item)
    json.dump(todo, sys.stdout, ensure_ascii=False, indent=1)
    print()
    return 0


def cmd_apply(path, todo_path):
    with open(todo_path, encoding="utf-8") as f:
        todo = json.load(f)
    want = {}
    for item in todo:
        if item.get("translation"):
            want[(item["context"], item["source"], item.get("comment") or None)] = item["translation"]
    tree = load(path)
    applied = 0
    for ctx, msg in messages(tree):
        key = (ctx, msg.findtext("source"), msg.findtext("comment") or None)
        if key not in want:
            continue
        text = want[key]
        tr = msg.find("translation")
        if tr is None:
            tr = ET.SubElement(msg, "translation")
        for child in list(tr):
            tr.remove(child)
        if is_numerus(msg):
            tr.text = None
            forms = text if isinstance(text, list) else [text]
            for form in forms:
                ET.SubElement(tr, "numerusform").text = form
        else:
            tr.text = text
        tr.attrib.pop("type", None)
        applied += 1
    save(tree, path)
    print(f"{os.path.basename(path)}: {applied} translations applied, {len(want) - applied} not found")
    return 0


def main(argv):
    if len(argv) >= 2 and argv[0] == "status":
        return cmd_status(argv[1:])
    if len(argv) == 2 and argv[0] == "fill-english":
        return cmd_fill_english(argv[1])
    if len(argv) == 2 and argv[0] == "todo":
        return cmd_todo(argv[1])
    if len(argv) == 3 and argv[0] == "apply":
        return cmd_apply(argv[1], argv[2])
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
