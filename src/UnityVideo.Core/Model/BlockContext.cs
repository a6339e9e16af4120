using TorchSharp;

namespace UnityVideo.Core.Model;

/// <summary>
/// What every block shares in one forward pass: rotary tables for the concatenated token sequence and the
/// per-stream prompt context folded into the batch.
/// </summary>
/// <param name="Cos">Rotary cosine table <c>[S·n, Dh]</c> (<see cref="Rope3D.ChannelTables"/>).</param>
/// <param name="Sin">Rotary signed-sine table <c>[S·n, Dh]</c> (<see cref="Rope3D.ChannelTables"/>).</param>
/// <param name="Context">Prompt tokens <c>[B·S, L, Dt]</c> (row b·S + s is stream s of sample b).</param>
/// <param name="ContextMask">Valid prompt tokens <c>[B·S, L]</c>, bool.</param>
public sealed record BlockContext(torch.Tensor Cos, torch.Tensor Sin, torch.Tensor Context, torch.Tensor ContextMask);
