"""Times training steps of the official Wan2.1 DiT (wan/modules/model.py, T2V-1.3B shape, random weights) on a CUDA
GPU: the reference point for `UnityVideo.Bench wan-dit-step` on the same machine and latent size.

How the reference is run, and why:
* fp32 weights under bf16 autocast, the way the official pipeline runs the model (its modulation, norms and head
  ask for fp32 autocast regions themselves); AdamW (torch, fused) on the fp32 weights.
* `flash_attention` is replaced by PyTorch's scaled_dot_product_attention on bf16 q, k, v (flash-attn is not
  installed where this runs; PyTorch's own flash kernel is what SDPA dispatches to). Sequence lengths are unpadded,
  so the key-length masking the original does is a no-op and is left out.
* --checkpoint wraps every block in torch.utils.checkpoint (non-reentrant), like the port's CheckpointBlocks.
Prints one JSON line: ms per step for forward+backward and with the optimizer (means over the timed steps after one
warm-up), and the peak memory PyTorch's allocator reports.

Usage: python3 dit_step_reference.py --wan <Wan2.1 checkout> [--frames 21 --height 60 --width 104] [--checkpoint]
       [--steps 3]   (latent frames/height/width; 21x60x104 is 81 frames of 480x832)
"""
import argparse
import functools
import json
import os
import sys
import time

import torch
import torch.nn.functional as F
import torch.utils.checkpoint

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from dit_reference import load_wan_model_module  # noqa: E402


def sdpa_attention(q, k, v, q_lens=None, k_lens=None, window_size=(-1, -1), **_):
    """q [B, Lq, N, D], k/v [B, Lk, N, D] -> [B, Lq, N, D] through scaled_dot_product_attention in bf16."""
    assert window_size == (-1, -1)
    q, k, v = (u.to(torch.bfloat16).transpose(1, 2) for u in (q, k, v))
    return F.scaled_dot_product_attention(q, k, v).transpose(1, 2).contiguous()


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument('--wan', required=True, help='checkout of Wan-Video/Wan2.1 (only wan/modules is read)')
    ap.add_argument('--frames', type=int, default=21)
    ap.add_argument('--height', type=int, default=60)
    ap.add_argument('--width', type=int, default=104)
    ap.add_argument('--checkpoint', action='store_true')
    ap.add_argument('--steps', type=int, default=3)
    args = ap.parse_args()
    if not torch.cuda.is_available():
        sys.exit('error: this measurement needs a CUDA GPU')

    if not hasattr(torch.cuda.amp, 'autocast'):  # model.py uses the old spelling, dropped by newer PyTorch
        torch.cuda.amp.autocast = functools.partial(torch.autocast, 'cuda')
    model_mod = load_wan_model_module(args.wan)
    model_mod.flash_attention = sdpa_attention
    dev = torch.device('cuda')
    torch.manual_seed(0)
    model = model_mod.WanModel(model_type='t2v', patch_size=(1, 2, 2), text_len=512, in_dim=16, dim=1536,
                               ffn_dim=8960, freq_dim=256, text_dim=4096, out_dim=16, num_heads=12,
                               num_layers=30).to(dev).train()
    if args.checkpoint:
        for block in model.blocks:
            block.forward = (lambda f: lambda *a, **kw: torch.utils.checkpoint.checkpoint(
                f, *a, use_reentrant=False, **kw))(block.forward)
    opt = torch.optim.AdamW(model.parameters(), lr=1e-5, fused=True)

    x = [torch.randn(16, args.frames, args.height, args.width, device=dev)]
    target = torch.randn(1, 16, args.frames, args.height, args.width, device=dev)
    t = torch.tensor([500.0], device=dev)
    context = [torch.randn(64, 4096, device=dev)]
    seq_len = args.frames * (args.height // 2) * (args.width // 2)

    fwd_bwd, total = [], []
    for step in range(args.steps + 1):
        torch.cuda.synchronize()
        start = time.perf_counter()
        with torch.autocast('cuda', dtype=torch.bfloat16):
            out = torch.stack(model(x, t=t, context=context, seq_len=seq_len))
        loss = F.mse_loss(out.float(), target)
        loss.backward()
        torch.cuda.synchronize()
        mid = time.perf_counter()
        opt.step()
        opt.zero_grad(set_to_none=True)
        torch.cuda.synchronize()
        end = time.perf_counter()
        print(f'step {step}: {1000 * (end - start):.0f} ms, loss {loss.item():.4f}', file=sys.stderr)
        if step > 0:
            fwd_bwd.append(1000 * (mid - start))
            total.append(1000 * (end - start))

    print(json.dumps({
        'reference': 'wan/modules/model.py', 'device': torch.cuda.get_device_name(), 'torch': torch.__version__,
        'latent': [16, args.frames, args.height, args.width], 'tokens': seq_len, 'checkpoint': args.checkpoint,
        'parameters': sum(p.numel() for p in model.parameters()),
        'ms_forward_backward': round(sum(fwd_bwd) / len(fwd_bwd), 1), 'ms_per_step': round(sum(total) / len(total), 1),
        'peak_allocated_gib': round(torch.cuda.max_memory_allocated() / 2**30, 2),
        'peak_reserved_gib': round(torch.cuda.max_memory_reserved() / 2**30, 2),
    }))


if __name__ == '__main__':
    main()
