using TorchSharp;

namespace UnityVideo.Core.Diffusion;

/// <summary>
/// A velocity field over several streams: current states (one tensor per stream) and each stream's flow time
/// <c>[B]</c> → velocities shaped like the states. The model is one; a closed-form field is another (tests).
/// </summary>
public delegate IReadOnlyList<torch.Tensor> VelocityField(IReadOnlyList<torch.Tensor> states, IReadOnlyList<torch.Tensor> timesteps);
