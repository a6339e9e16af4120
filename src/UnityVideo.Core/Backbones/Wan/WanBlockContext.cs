using static TorchSharp.torch;

namespace UnityVideo.Core.Backbones.Wan;

/// <summary>What every block of one forward pass shares.</summary>
/// <param name="E0">Time projection <c>[B, 6, D]</c> fp32 (before each block adds its own table).</param>
/// <param name="RopeCos">Rotary cosine table <c>[L, Dh]</c> fp32.</param>
/// <param name="RopeSin">Rotary sine table <c>[L, Dh]</c> fp32.</param>
/// <param name="Context">Embedded text <c>[B, TextLen, D]</c>.</param>
public sealed record WanBlockContext(Tensor E0, Tensor RopeCos, Tensor RopeSin, Tensor Context);
