using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace UnityVideo.Core.Training;

/// <summary>
/// AdamW (Loshchilov &amp; Hutter) with decoupled weight decay and bias correction, written out so that its
/// state — the step count and one exp_avg / exp_avg_sq pair per parameter — is plain named tensors that a
/// checkpoint stores and restores exactly. Per parameter p with gradient g, at step t with rate η:
/// <code>
///   p ← p·(1 − η·λ)                         (decoupled decay; only where decay applies)
///   m ← β₁·m + (1 − β₁)·g;   v ← β₂·v + (1 − β₂)·g²
///   p ← p − η/(1 − β₁ᵗ) · m / (√v / √(1 − β₂ᵗ) + ε)
/// </code>
/// the same arithmetic as <c>torch.optim.AdamW</c>, including its per-parameter step count t: a parameter that
/// gets no gradient on a step (a modality not drawn, a curriculum stage without it) is left alone and its t does
/// not advance, so its first update is not scaled up by a bias correction meant for older moments.
/// A parameter held in a low-precision type (bf16, fp16) gets an fp32 master copy: the moments and the update live
/// in fp32 on the master, the gradient is widened tensor by tensor, and the parameter receives the rounded master
/// after each step. Without it, updates smaller than half a bf16 step of the weight (2⁻⁸ relative) would be lost
/// every time. The masters are part of <see cref="State"/>, so checkpoints keep them.
/// </summary>
public sealed class AdamW : IDisposable
{
    private readonly List<Slot> slots;

    /// <summary>Creates the optimiser over named parameters; <c>Decay</c> says whether weight decay applies.</summary>
    public AdamW(IEnumerable<(string Name, Parameter Parameter, bool Decay)> parameters, double beta1 = 0.9, double beta2 = 0.999, double epsilon = 1e-8, double weightDecay = 0.01)
        : this((parameters ?? throw new ArgumentNullException(nameof(parameters))).Select(p => (p.Name, p.Parameter, p.Decay, 1.0)), beta1, beta2, epsilon, weightDecay)
    {
    }

    /// <summary>
    /// Creates the optimiser over named parameters, each with its own multiplier of the learning rate (<c>LrScale</c>,
    /// e.g. larger for new modules beside a pretrained trunk); <c>Decay</c> says whether weight decay applies.
    /// </summary>
    public AdamW(IEnumerable<(string Name, Parameter Parameter, bool Decay, double LrScale)> parameters, double beta1 = 0.9, double beta2 = 0.999, double epsilon = 1e-8, double weightDecay = 0.01)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        Beta1 = beta1;
        Beta2 = beta2;
        Epsilon = epsilon;
        WeightDecay = weightDecay;
        using var noGrad = no_grad();
        slots = parameters.Select(p => NewSlot(p.Name, p.Parameter, p.Decay, p.LrScale)).ToList();
    }

    /// <summary>β₁.</summary>
    public double Beta1 { get; }

    /// <summary>β₂.</summary>
    public double Beta2 { get; }

    /// <summary>ε.</summary>
    public double Epsilon { get; }

    /// <summary>Weight decay λ.</summary>
    public double WeightDecay { get; }

    /// <summary>Completed optimiser steps (a parameter's own t counts only the steps that updated it).</summary>
    public long StepCount { get; set; }

    /// <summary>Names of the parameters, in order.</summary>
    public IEnumerable<string> Names => slots.Select(s => s.Name);

    /// <summary>One update with learning rate <paramref name="lr"/>; parameters without a gradient are skipped.</summary>
    public void Step(double lr)
    {
        using var noGrad = no_grad();
        StepCount++;
        foreach (var s in slots)
        {
            using var scope = NewDisposeScope();
            var g = s.Parameter.grad;
            if (g is null) continue;
            if (s.Master is not null) g = g.to_type(float32);                       // widened one tensor at a time
            var p = s.Master ?? s.Parameter;
            var eta = lr * s.LrScale;
            var t = s.Steps.add_(1).item<long>();                                  // this parameter's own t
            var bc1 = 1 - Math.Pow(Beta1, t);
            var bc2Sqrt = Math.Sqrt(1 - Math.Pow(Beta2, t));
            if (s.Decay && WeightDecay != 0) p.mul_(1 - eta * WeightDecay);
            s.ExpAvg.lerp_(g, 1 - Beta1);                                           // m ← β₁·m + (1 − β₁)·g
            s.ExpAvgSq.mul_(Beta2).addcmul_(g, g, 1 - Beta2);                        // v ← β₂·v + (1 − β₂)·g²
            var denom = (s.ExpAvgSq.sqrt() / bc2Sqrt).add_(Epsilon);                // √v̂ + ε
            p.addcdiv_(s.ExpAvg, denom, -eta / bc1);                                 // p ← p − η·m̂ / (√v̂ + ε)
            if (s.Master is not null) s.Parameter.copy_(s.Master);                  // rounded to the parameter's type
        }
    }

    /// <summary>Sets every gradient to null (cheaper than zeroing).</summary>
    public void ZeroGrad()
    {
        foreach (var s in slots) s.Parameter.grad = null;
    }

    /// <summary>
    /// The state tensors by name: <c>exp_avg.&lt;param&gt;</c> and <c>exp_avg_sq.&lt;param&gt;</c>, and
    /// <c>master.&lt;param&gt;</c> for a low-precision parameter (live tensors).
    /// </summary>
    public IEnumerable<(string Name, Tensor Tensor)> State()
    {
        foreach (var s in slots)
        {
            yield return ($"exp_avg.{s.Name}", s.ExpAvg);
            yield return ($"exp_avg_sq.{s.Name}", s.ExpAvgSq);
            if (s.Master is { } master) yield return ($"master.{s.Name}", master);
        }
    }

    /// <summary>The fp32 master copy of <paramref name="name"/>, or null when the parameter is itself full precision.</summary>
    public Tensor? Master(string name) => slots.Single(s => s.Name == name).Master;

    /// <summary>Each parameter's own step count t by name, <c>step.&lt;param&gt;</c>: int64 <c>[1]</c> (live tensors).</summary>
    public IEnumerable<(string Name, Tensor Tensor)> StepCounts() => slots.Select(s => ($"step.{s.Name}", s.Steps));

    /// <inheritdoc />
    public void Dispose()
    {
        foreach (var s in slots)
        {
            s.ExpAvg.Dispose();
            s.ExpAvgSq.Dispose();
            s.Steps.Dispose();
            s.Master?.Dispose();
        }
    }

    private static Slot NewSlot(string name, Parameter parameter, bool decay, double lrScale)
    {
        if (!(lrScale >= 0 && double.IsFinite(lrScale))) throw new ArgumentOutOfRangeException(nameof(lrScale), lrScale, $"the learning-rate multiplier of '{name}' must be a finite number ≥ 0");
        var master = parameter.dtype is ScalarType.BFloat16 or ScalarType.Float16
            ? parameter.detach().to_type(float32).clone()
            : null;
        var like = master ?? parameter;
        return new Slot(name, parameter, decay, lrScale, zeros_like(like), zeros_like(like), zeros(1, int64), master);
    }

    private sealed record Slot(string Name, Parameter Parameter, bool Decay, double LrScale, Tensor ExpAvg, Tensor ExpAvgSq, Tensor Steps, Tensor? Master);
}
