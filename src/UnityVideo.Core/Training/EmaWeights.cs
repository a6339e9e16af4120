using TorchSharp;
using static TorchSharp.torch;

namespace UnityVideo.Core.Training;

/// <summary>
/// Exponential moving average of the model's parameters, the weights sampling uses. With warm-up, as in
/// diffusers' EMAModel: after n updates the decay is min(decay, (1 + n)/(10 + n)), so a short run's average
/// is not dominated by the random initial weights.
/// </summary>
public sealed class EmaWeights : IDisposable
{
    private readonly List<(string Name, Tensor Live, Tensor Shadow)> slots;

    /// <summary>Starts the average at the current values of <paramref name="parameters"/>.</summary>
    public EmaWeights(IEnumerable<(string Name, Tensor Tensor)> parameters, double decay)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        Decay = decay;
        using var noGrad = no_grad();
        slots = parameters.Select(p => (p.Name, p.Tensor, p.Tensor.detach().clone())).ToList();
    }

    /// <summary>Configured decay.</summary>
    public double Decay { get; }

    /// <summary>Decay used for update number <paramref name="updates"/> (1-based).</summary>
    public double DecayAt(long updates) => Math.Min(Decay, (1.0 + updates) / (10.0 + updates));

    /// <summary>shadow ← d·shadow + (1 − d)·live, with d = <see cref="DecayAt"/>(<paramref name="updates"/>).</summary>
    public void Update(long updates)
    {
        var d = DecayAt(updates);
        using var noGrad = no_grad();
        foreach (var (_, live, shadow) in slots) shadow.lerp_(live, 1 - d);
    }

    /// <summary>The averaged tensors by parameter name (live tensors).</summary>
    public IEnumerable<(string Name, Tensor Tensor)> State() => slots.Select(s => (s.Name, s.Shadow));

    /// <summary>Copies the averaged values into the model's tensors.</summary>
    public void CopyTo(IEnumerable<(string Name, Tensor Tensor)> target)
    {
        ArgumentNullException.ThrowIfNull(target);
        var byName = slots.ToDictionary(s => s.Name, s => s.Shadow, StringComparer.Ordinal);
        using var noGrad = no_grad();
        foreach (var (name, t) in target)
            if (byName.TryGetValue(name, out var shadow)) t.copy_(shadow);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        foreach (var s in slots) s.Shadow.Dispose();
    }
}
