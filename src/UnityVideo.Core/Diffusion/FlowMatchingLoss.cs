using TorchSharp;

namespace UnityVideo.Core.Diffusion;

/// <summary>Result of one flow-matching loss evaluation.</summary>
/// <param name="Loss">Scalar loss (differentiable): the mean over noised streams of each stream's MSE.</param>
/// <param name="NoisedStreams">Names of the streams counted in the loss, in order.</param>
/// <param name="PerStream">Detached per-noised-stream MSE <c>[S_noised]</c>, for logging.</param>
public sealed record FlowMatchingLoss(torch.Tensor Loss, IReadOnlyList<string> NoisedStreams, torch.Tensor PerStream);
