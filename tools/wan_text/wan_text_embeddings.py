#!/usr/bin/env python3
"""Precompute Wan2.1's umT5-XXL text embeddings for a UnityVideo latent dataset.

Writes <latents>/text-embeddings.safetensors in the format UnityVideo's WanTextEmbeddings reads: one tensor per
prompt, named "prompt." + the first 16 hex digits of the SHA-256 of the prompt's UTF-8 text, shaped [L, 4096]
(L = the prompt's real tokens, as Wan's T5EncoderModel returns them), and the metadata mapping each name back to
its text. It holds every caption of the manifest, every modality prompt of the enabled plugins, and the empty
prompt (the unconditional context).

Needs the official Wan2.1 code on PYTHONPATH (github.com/Wan-Video/Wan2.1, `wan.modules.t5.T5EncoderModel`), torch,
safetensors, and the checkpoint folder with models_t5_umt5-xxl-enc-bf16.pth and google/umt5-xxl/. About 11 GB of
weights; a GPU makes it quick, a CPU works. Not run in CI (the weights are not reachable there).

  ./unityvideo plugins list --json > plugins.json
  python3 tools/wan_text/wan_text_embeddings.py --latents latents/train --ckpt-dir Wan2.1-T2V-1.3B \
      --plugins-json plugins.json --device cuda
"""
import argparse
import hashlib
import json
import os

import torch
from safetensors.torch import save_file


def key_of(prompt: str) -> str:
    return "prompt." + hashlib.sha256(prompt.encode("utf-8")).hexdigest()[:16]


def prompts_of(latents: str, plugins_json: str | None, extra: list[str]) -> list[str]:
    prompts = []
    with open(os.path.join(latents, "manifest.jsonl"), encoding="utf-8") as f:
        for line in f:
            if line.strip():
                entry = json.loads(line)
                prompts.append(entry.get("caption") or entry.get("Caption") or "")
    if plugins_json:
        with open(plugins_json, encoding="utf-8") as f:
            for row in json.load(f):
                prompts.extend(row.get("prompts") or row.get("Prompts") or [])
    prompts.extend(extra)
    prompts.append("")
    return list(dict.fromkeys(prompts))  # unique, in order


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--latents", required=True, help="latent dataset folder (holds manifest.jsonl)")
    ap.add_argument("--ckpt-dir", required=True, help="Wan2.1 checkpoint folder (umT5 weights and tokenizer)")
    ap.add_argument("--plugins-json", help="output of `unityvideo plugins list --json` (modality prompts)")
    ap.add_argument("--prompt", action="append", default=[], help="another prompt to include (repeatable)")
    ap.add_argument("--device", default="cuda" if torch.cuda.is_available() else "cpu")
    args = ap.parse_args()

    from wan.modules.t5 import T5EncoderModel  # official Wan2.1 code

    encoder = T5EncoderModel(
        text_len=512,
        dtype=torch.bfloat16,
        device=torch.device(args.device),
        checkpoint_path=os.path.join(args.ckpt_dir, "models_t5_umt5-xxl-enc-bf16.pth"),
        tokenizer_path=os.path.join(args.ckpt_dir, "google", "umt5-xxl"),
    )
    tensors, metadata = {}, {"format": "unityvideo.text-embeddings", "encoder": "umt5-xxl (Wan2.1 T5EncoderModel, bf16)"}
    with torch.no_grad():
        for prompt in prompts_of(args.latents, args.plugins_json, args.prompt):
            (embedding,) = encoder([prompt], torch.device(args.device))  # [L, 4096], trimmed to the prompt's tokens
            tensors[key_of(prompt)] = embedding.float().cpu().contiguous()
            metadata[key_of(prompt)] = prompt
    out = os.path.join(args.latents, "text-embeddings.safetensors")
    save_file(tensors, out, metadata=metadata)
    print(f"{len(tensors)} prompts -> {out}")


if __name__ == "__main__":
    main()
