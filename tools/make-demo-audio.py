#!/usr/bin/env python3
"""Makes the demo stories' audio: one Ogg Vorbis file per story and language.

Reads media/stories.toml, speaks each story's text with espeak-ng (Debian
package `espeak-ng`), and encodes it small with oggenc (`vorbis-tools`):
mono, 22,050 Hz, quality 0. The output is the same on every run (fixed stream
serial numbers), so the files only change in git when the text does.

    python3 tools/make-demo-audio.py            # every language in LANGUAGES
    python3 tools/make-demo-audio.py nl en      # only these

These are synthetic voices for *example* stories. A team records its own
stories (a phone is fine; ogg, mp3, wav or flac) and lists them in
stories.toml under `audio`.
"""
import hashlib
import html
import pathlib
import shutil
import subprocess
import sys
import tempfile
import tomllib

ROOT = pathlib.Path(__file__).resolve().parent.parent
MEDIA = ROOT / "media"
LANGUAGES = ["nl", "en", "tr", "ar"]
# espeak-ng voice per language code of the content.
VOICE = {"nl": "nl", "en": "en-gb", "tr": "tr", "ar": "ar"}
# A woman's or a man's voice, so the four demo tellers do not all sound alike.
WOMEN = {"ria", "samira"}
# Words a minute: a little slower than espeak's 175, for people who listen carefully.
SPEED = "140"


def need(tool, package):
    if shutil.which(tool) is None:
        sys.exit(f"{tool} is missing: sudo apt-get install {package}")


def ssml(text):
    """Paragraphs become sentences with a pause between them."""
    paragraphs = [" ".join(p.split()) for p in text.split("\n\n") if p.strip()]
    body = '<break time="900ms"/>'.join(html.escape(p) for p in paragraphs)
    return f"<speak>{body}</speak>"


def serial(name):
    return str(int(hashlib.sha256(name.encode()).hexdigest()[:7], 16))


def make(story_id, lang, text, out):
    variant = "+f3" if story_id in WOMEN else "+m3"
    with tempfile.TemporaryDirectory() as tmp:
        wav = pathlib.Path(tmp) / "speech.wav"
        subprocess.run(
            ["espeak-ng", "-m", "-v", VOICE[lang] + variant, "-s", SPEED, "-w", str(wav), ssml(text)],
            check=True,
        )
        subprocess.run(
            ["oggenc", "--quiet", "-q", "0", "--serial", serial(out.name), "-o", str(out), str(wav)],
            check=True,
        )


def main():
    need("espeak-ng", "espeak-ng")
    need("oggenc", "vorbis-tools")
    wanted = sys.argv[1:] or LANGUAGES
    stories = tomllib.loads((MEDIA / "stories.toml").read_text(encoding="utf-8"))["story"]
    (MEDIA / "audio").mkdir(exist_ok=True)
    for story in stories:
        for lang in wanted:
            text = story["text"].get(lang)
            if text is None:
                print(f"{story['id']}: no text in {lang}, skipped")
                continue
            out = MEDIA / "audio" / f"{story['id']}-{lang}.ogg"
            make(story["id"], lang, text, out)
            print(f"{out.relative_to(ROOT)}: {out.stat().st_size // 1024} KiB")


if __name__ == "__main__":
    main()
