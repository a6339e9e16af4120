using TorchSharp;
using static TorchSharp.torch;

namespace UnityVideo.Core.Model;

/// <summary>
/// Data prediction (x-prediction, as in "Back to Basics: Let Denoising Generative Models Denoise", Li &amp; He 2025):
/// the head predicts the clean stream x̂₀, and the velocity that training and the samplers use is
/// v̂ = (x_t − x̂₀) / t, since x_t = (1 − t)·x₀ + t·ε gives v = ε − x₀ = (x_t − x₀) / t. The noise then never has
/// to pass through the network: an Euler step to t = 0 lands exactly on x̂₀, so whatever the network has not
/// learned shows as blur, not as leftover noise, and one step from t = 1 is already an estimate.
/// </summary>
public static class DataPrediction
{
    /// <summary>
    /// Smallest t the division uses. Below it the velocity's weight on the data error, 1 / t², would grow without
    /// bound; the velocity loss there then weighs the x₀ error by at most 1 / MinTime².
    /// </summary>
    public const double MinTime = 0.05;

    /// <summary>(x_t − x̂₀) / max(t, <see cref="MinTime"/>); <paramref name="data"/> and <paramref name="latent"/> <c>[B, C, T, H, W]</c>, t <c>[B]</c>.</summary>
    public static Tensor Velocity(Tensor data, Tensor latent, Tensor timestep)
    {
        using var scope = NewDisposeScope();
        var t = timestep.to(float32).clamp_min(MinTime).view(-1, 1, 1, 1, 1).to(data.dtype); // [B, 1, 1, 1, 1]
        return scope.MoveToOuter((latent.to(data.dtype) - data) / t);                        // [B, C, T, H, W]
    }
}
