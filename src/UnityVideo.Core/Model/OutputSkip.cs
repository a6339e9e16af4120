using TorchSharp;
using static TorchSharp.torch;

namespace UnityVideo.Core.Model;

/// <summary>
/// Preconditioning of the velocity output (as EDM does for denoisers, here for rectified flow): with
/// x_t = (1 − t)·x₀ + t·ε, data of variance σ² and unit noise, the best linear guess of the velocity v = ε − x₀
/// from x_t is c_skip(t)·x_t with c_skip = (t − (1 − t)σ²) / ((1 − t)²σ² + t²), and the error it leaves has
/// standard deviation c_out = σ / √((1 − t)²σ² + t²). The network's head F then only supplies the rest:
/// v̂ = c_skip·x_t + c_out·F. A fresh model (F = 0) already predicts that linear guess, and the noise part of the
/// velocity no longer has to pass through the network.
/// </summary>
public static class OutputSkip
{
    /// <summary>c_skip(t) and c_out(t) for data scale <paramref name="sigma"/>; <paramref name="t"/> is any shape.</summary>
    public static (Tensor Skip, Tensor Out) Coefficients(Tensor t, double sigma)
    {
        var s2 = sigma * sigma;
        var u = 1 - t;
        var denominator = u * u * s2 + t * t;            // > 0 for σ > 0 and t in [0, 1]
        return ((t - u * s2) / denominator, sigma / denominator.sqrt());
    }

    /// <summary>c_skip(t)·<paramref name="latent"/> + c_out(t)·<paramref name="head"/>; both <c>[B, C, T, H, W]</c>, t <c>[B]</c>.</summary>
    public static Tensor Apply(Tensor head, Tensor latent, Tensor timestep, double sigma)
    {
        using var scope = NewDisposeScope();
        var t = timestep.to(float32).view(-1, 1, 1, 1, 1);  // [B, 1, 1, 1, 1]
        var (skip, scale) = Coefficients(t, sigma);
        var v = skip.to(head.dtype) * latent.to(head.dtype) + scale.to(head.dtype) * head; // [B, C, T, H, W]
        return scope.MoveToOuter(v);
    }
}
