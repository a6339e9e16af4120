using static TorchSharp.torch;

namespace UnityVideo.Core.Backbones.Wan;

/// <summary>What every block of one forward pass shares.</summary>
/// <param name="E0">Time projection fp32 (before each block adds its own table): <c>[B, 6, D]</c> shared by every
/// token, or <c>[B, L, 6, D]</c> per token (streams with their own timestep and switcher slot).</param>
/// <param name="RopeCos">Rotary cosine table <c>[L, Dh]</c> fp32.</param>
/// <param name="RopeSin">Rotary sine table <c>[L, Dh]</c> fp32.</param>
/// <param name="Context">Embedded text <c>[B, TextLen, D]</c>; or, for S streams of equal token count laid one after the
/// other, <c>[B·S, TextLen, D]</c>: each stream's tokens attend to their own context (the in-context learner).</param>
/// <param name="JointGate">Optional <c>[D]</c>: how much of the other streams the first <paramref name="GatedTokens"/>
/// tokens (the RGB stream) see in self-attention; 0 = their own stream only, as the plain trunk.</param>
/// <param name="GatedTokens">Number of leading tokens the gate applies to (0 = none).</param>
public sealed record WanBlockContext(Tensor E0, Tensor RopeCos, Tensor RopeSin, Tensor Context, Tensor? JointGate = null, long GatedTokens = 0);
