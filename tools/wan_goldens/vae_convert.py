#!/usr/bin/env python3
"""Converts the official Wan2.1 VAE checkpoint (`Wan2.1_VAE.pth`, a pickled PyTorch state dict) to
safetensors with the original key names, which UnityVideo's WanVae loads by name.

  OPENBLAS_NUM_THREADS=1 /usr/bin/python3 tools/wan_goldens/vae_convert.py \
      --pth Wan2.1_VAE.pth --out Wan2.1_VAE.safetensors [--dtype keep|fp32|bf16] [--force]

The tensors keep their dtype unless --dtype says otherwise (the released file is fp32: 126.9 M parameters,
about 508 MB). Nothing is renamed or dropped; a file that is not a flat name -> tensor map is refused.
The diffusers-format VAE (`vae/diffusion_pytorch_model.safetensors`) needs no conversion: WanVae loads
it directly through its key table.
"""
import argparse
import os
import sys

import torch

from vae_safetensors import save_safetensors


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--pth", required=True, help="the official Wan2.1_VAE.pth")
    ap.add_argument("--out", required=True, help="the safetensors file to write")
    ap.add_argument("--dtype", choices=["keep", "fp32", "bf16"], default="keep")
    ap.add_argument("--force", action="store_true", help="replace an existing --out file")
    args = ap.parse_args()

    if not os.path.isfile(args.pth):
        sys.exit(f"error: {args.pth}: file not found")
    if os.path.exists(args.out) and not args.force:
        sys.exit(f"error: {args.out} exists (pass --force to replace it)")

    state = torch.load(args.pth, map_location="cpu", weights_only=True)
    if not isinstance(state, dict) or not state or not all(isinstance(v, torch.Tensor) for v in state.values()):
        sys.exit(f"error: {args.pth}: not a flat state dict of tensors (the official Wan2.1_VAE.pth is one)")
    if "encoder.conv1.weight" not in state or "conv2.weight" not in state:
        sys.exit(f"error: {args.pth}: no 'encoder.conv1.weight'/'conv2.weight': not a Wan2.1 VAE state dict")

    cast = {"keep": None, "fp32": torch.float32, "bf16": torch.bfloat16}[args.dtype]
    tensors = {k: (v if cast is None else v.to(cast)) for k, v in state.items()}
    tmp = args.out + ".partial"
    save_safetensors(tmp, tensors, {"format": "wan2.1-vae", "source": os.path.basename(args.pth)})
    os.replace(tmp, args.out)
    n = sum(v.numel() for v in tensors.values())
    print(f"{args.out}: {len(tensors)} tensors, {n:,} parameters")


if __name__ == "__main__":
    main()
