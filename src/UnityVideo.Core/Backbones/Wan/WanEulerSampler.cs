using static TorchSharp.torch;

namespace UnityVideo.Core.Backbones.Wan;

/// <summary>
/// Generates latents with a Wan DiT alone: Euler steps of the flow-matching ODE x_{i+1} = x_i + (σ_{i+1} − σ_i)·v
/// over <see cref="WanFlowSchedule"/>, starting from pure noise at σ = 1, with classifier-free guidance between a
/// conditional and an unconditional text context (two forward passes per step, as Wan does; one when guidance is 1).
/// The velocity model is a function so any Wan-like trunk (or a wrapper around one) can be sampled.
/// </summary>
public static class WanEulerSampler
{
    /// <summary>Velocity model: latents <c>[B, C, F, H, W]</c>, timesteps <c>[B]</c> in [0, 1000], context → velocity (same shape as the latents).</summary>
    public delegate Tensor VelocityModel(Tensor x, Tensor t, Tensor context);

    /// <summary>Samples with <paramref name="model"/> in evaluation mode (see the other overload).</summary>
    public static Tensor Sample(WanDiT model, Tensor noise, Tensor context, Tensor? negativeContext, WanSamplerOptions options,
        IProgress<(int Step, int Total)>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        model.eval();
        return Sample(model.forward, noise, context, negativeContext, options, progress);
    }

    /// <summary>
    /// Runs the sampler from <paramref name="noise"/> (x at σ = 1) to σ = 0 and returns the latents, fp32, on the
    /// noise's device. <paramref name="negativeContext"/> is the unconditional context (Wan: the embedded empty or
    /// negative prompt); it is required when the guidance scale is not 1. <paramref name="progress"/> receives
    /// (steps done, total) after every step.
    /// </summary>
    public static Tensor Sample(VelocityModel model, Tensor noise, Tensor context, Tensor? negativeContext, WanSamplerOptions options,
        IProgress<(int Step, int Total)>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(noise);
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var guided = options.GuidanceScale != 1.0;
        if (guided && negativeContext is null)
            throw new ArgumentException($"guidance scale {options.GuidanceScale} needs an unconditional context (pass guidance 1 to sample without one)", nameof(negativeContext));

        using var _ = no_grad();
        var sigmas = WanFlowSchedule.Sigmas(options.Steps, options.Shift);
        var b = noise.shape[0];
        var x = noise.to_type(float32).clone();
        for (var i = 0; i < options.Steps; i++)
        {
            using var scope = NewDisposeScope();
            var t = full([b], sigmas[i] * WanFlowSchedule.TrainTimesteps, float32, noise.device); // [B]
            var v = model(x, t, context).to_type(float32);
            if (guided)
            {
                var vUncond = model(x, t, negativeContext!).to_type(float32);
                v = vUncond + options.GuidanceScale * (v - vUncond);
            }
            var next = x + (sigmas[i + 1] - sigmas[i]) * v;
            x.Dispose();
            x = scope.MoveToOuter(next);
            progress?.Report((i + 1, options.Steps));
        }
        return x;
    }
}
