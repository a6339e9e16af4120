#!/usr/bin/env python3
"""Golden numerics for the Wan2.1 VAE port (tests/fixtures/wan/vae/).

Runs the official reference VAE (`wan/modules/vae.py` of a Wan-Video/Wan2.1 checkout) with a tiny,
seeded random-weight configuration in fp32 and writes safetensors files the C# tests compare against:

  weights.safetensors   every parameter under the official checkpoint's key names, plus the config
                        (dim, z_dim, dim_mult, num_res_blocks, temperal_downsample) in the metadata
  encode.safetensors    `video` [1, 3, T, H, W] in [-1, 1] (T = 1 + 4k >= 9, H != W) and `latent`,
                        the normalised mean latent ((mu - mean) / std, as the reference pipeline scales it)
  decode.safetensors    `latent` [1, z, t, h, w] and `video`, the reference decoder's output (unclamped:
                        the pipeline's clamp to [-1, 1] would hide errors in saturated pixels); its metadata
                        also holds how far the reference itself drifts when run wholly in bfloat16
  official_keys.json    every parameter key and shape of the full-size VAE (the configuration
                        `_video_vae` builds for Wan2.1_VAE.pth), with the reference commit

The metadata records the reference commit and the command that produced the files.

Run with Debian's python3-torch (1.13, CPU), not part of CI:
  OPENBLAS_NUM_THREADS=1 /usr/bin/python3 tools/wan_goldens/vae_goldens.py \
      --wan /path/to/Wan2.1-checkout --commit <sha> --out tests/fixtures/wan/vae

Stand-ins (the reference module imports them, this machine lacks them; neither changes the numerics):
  * `einops` is absent: a stub module provides the two `rearrange` patterns vae.py uses
    ('b c t h w -> (b t) c h w' and its inverse), written with permute/reshape.
  * torch 1.13 has no `F.scaled_dot_product_attention`: a plain softmax(q k^T / sqrt(d)) v stands in
    (no mask, no dropout: how vae.py calls it).
The safetensors files are written by vae_safetensors.py beside this script (the `safetensors` package is absent too).
"""
import argparse
import copy
import importlib.util
import json
import math
import os
import sys
import types

import torch
import torch.nn.functional as F

from vae_safetensors import save_safetensors


def install_stand_ins():
    einops = types.ModuleType("einops")

    def rearrange(x, pattern, **axes):
        p = " ".join(pattern.split())
        if p == "b c t h w -> (b t) c h w":
            b, c, t, h, w = x.shape
            return x.permute(0, 2, 1, 3, 4).reshape(b * t, c, h, w)
        if p in ("(b t) c h w -> b c t h w", "(b t) c h w-> b c t h w"):
            t = axes["t"]
            bt, c, h, w = x.shape
            return x.reshape(bt // t, t, c, h, w).permute(0, 2, 1, 3, 4)
        raise NotImplementedError("rearrange stand-in: " + pattern)

    einops.rearrange = rearrange
    sys.modules["einops"] = einops

    if not hasattr(F, "scaled_dot_product_attention"):
        def sdpa(q, k, v, attn_mask=None, dropout_p=0.0, is_causal=False):
            assert attn_mask is None and dropout_p == 0.0 and not is_causal
            w = torch.softmax(q @ k.transpose(-2, -1) / math.sqrt(q.shape[-1]), dim=-1)
            return w @ v
        F.scaled_dot_product_attention = sdpa


def load_reference(wan_root):
    path = os.path.join(wan_root, "wan", "modules", "vae.py")
    spec = importlib.util.spec_from_file_location("wan_reference_vae", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def randomise(model, seed):
    """Every parameter drawn from a seeded generator: conv weights ~ N(0, 1/fan_in), biases and the RMS
    norms' gammas away from their neutral init so a swapped or ignored parameter shows in the output
    (the reference zero-initialises the attention projection, which would hide the attention block)."""
    g = torch.Generator().manual_seed(seed)
    with torch.no_grad():
        for name, p in model.named_parameters():
            if name.endswith("gamma"):
                p.copy_(1.0 + 0.2 * torch.randn(p.shape, generator=g))
            elif name.endswith("bias"):
                p.copy_(0.1 * torch.randn(p.shape, generator=g))
            else:
                fan_in = p[0].numel()
                p.copy_(torch.randn(p.shape, generator=g) / math.sqrt(fan_in))


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--wan", required=True, help="checkout of Wan-Video/Wan2.1")
    ap.add_argument("--commit", required=True, help="the checkout's commit (recorded in the metadata)")
    ap.add_argument("--out", required=True)
    ap.add_argument("--seed", type=int, default=2107)
    args = ap.parse_args()

    torch.set_num_threads(1)
    install_stand_ins()
    ref = load_reference(args.wan)

    cfg = dict(dim=4, z_dim=16, dim_mult=[1, 2, 4, 4], num_res_blocks=2, attn_scales=[],
               temperal_downsample=[False, True, True], dropout=0.0)
    model = ref.WanVAE_(**cfg).eval()
    randomise(model, args.seed)

    # The pipeline's latent normalisation: the official per-channel constants (WanVAE.__init__).
    mean = torch.tensor([-0.7571, -0.7089, -0.9113, 0.1075, -0.1745, 0.9653, -0.1517, 1.5508,
                         0.4134, -0.0715, 0.5517, -0.3632, -0.1922, -0.9497, 0.2503, -0.2921])
    std = torch.tensor([2.8184, 1.4541, 2.3275, 2.6558, 1.2196, 1.7708, 2.6052, 2.0743,
                        3.2687, 2.1526, 2.8652, 1.5579, 1.6382, 1.1253, 2.8251, 1.9160])
    scale = [mean, 1.0 / std]

    g = torch.Generator().manual_seed(args.seed + 1)
    frames, height, width = 9, 16, 24
    video = (torch.rand((1, 3, frames, height, width), generator=g) * 2 - 1)
    latent_in = torch.randn((1, cfg["z_dim"], 3, height // 8, width // 8), generator=g)

    with torch.no_grad():
        latent = model.encode(video, scale)
        decoded = model.decode(latent_in, scale)
        # How far the reference itself moves when run wholly in bfloat16: the yardstick for the port's bf16 tolerance.
        half = copy.deepcopy(model).to(torch.bfloat16)
        decoded_bf16 = half.decode(latent_in.to(torch.bfloat16), [t.to(torch.bfloat16) for t in scale]).float()
    bf16_error = (decoded_bf16 - decoded).abs()

    command = "OPENBLAS_NUM_THREADS=1 /usr/bin/python3 " + " ".join(sys.argv)
    meta = {
        "reference": "Wan-Video/Wan2.1 wan/modules/vae.py",
        "reference_commit": args.commit,
        "command": command,
        "torch": torch.__version__,
        "seed": args.seed,
        "dim": cfg["dim"], "z_dim": cfg["z_dim"], "dim_mult": json.dumps(cfg["dim_mult"]),
        "num_res_blocks": cfg["num_res_blocks"],
        "temperal_downsample": json.dumps(cfg["temperal_downsample"]),
    }
    os.makedirs(args.out, exist_ok=True)
    save_safetensors(os.path.join(args.out, "weights.safetensors"), dict(model.state_dict()), meta)
    save_safetensors(os.path.join(args.out, "encode.safetensors"), {"video": video, "latent": latent}, meta)
    save_safetensors(os.path.join(args.out, "decode.safetensors"), {"latent": latent_in, "video": decoded},
                     dict(meta, reference_bf16_max_abs_error=f"{bf16_error.max().item():.4f}",
                          reference_bf16_mean_abs_error=f"{bf16_error.mean().item():.4f}"))
    official = ref.WanVAE_(dim=96, z_dim=16, dim_mult=[1, 2, 4, 4], num_res_blocks=2, attn_scales=[],
                           temperal_downsample=[False, True, True], dropout=0.0)
    keys = {k: list(v.shape) for k, v in official.state_dict().items()}
    with open(os.path.join(args.out, "official_keys.json"), "w") as f:
        json.dump({"reference_commit": args.commit, "command": command,
                   "parameters": sum(p.numel() for p in official.parameters()), "keys": keys}, f, indent=0)
        f.write("\n")
    n = sum(p.numel() for p in model.parameters())
    print(f"params {n}; latent {tuple(latent.shape)} |max| {latent.abs().max():.3f}; "
          f"decoded {tuple(decoded.shape)} |max| {decoded.abs().max():.3f}")


if __name__ == "__main__":
    main()
