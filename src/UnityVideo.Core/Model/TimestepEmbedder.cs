using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace UnityVideo.Core.Model;

/// <summary>
/// Flow time t ∈ [0, 1] → a D-wide vector: sinusoidal features of 1000·t (DiT's frequency embedding, so the
/// frequencies suit the familiar 0…1000 range) followed by a two-layer SiLU MLP.
/// </summary>
public sealed class TimestepEmbedder : nn.Module<Tensor, Tensor>
{
    /// <summary>Width of the sinusoidal features.</summary>
    public const int FrequencyDim = 256;

    private readonly Linear fc1;
    private readonly Linear fc2;

    /// <summary>Creates the embedder for width <paramref name="dim"/>.</summary>
    public TimestepEmbedder(string name, int dim) : base(name)
    {
        fc1 = nn.Linear(FrequencyDim, dim);
        fc2 = nn.Linear(dim, dim);
        RegisterComponents();
    }

    /// <summary>t of any shape <c>[...]</c> → <c>[..., D]</c>.</summary>
    public override Tensor forward(Tensor t)
    {
        using var scope = NewDisposeScope();
        const int half = FrequencyDim / 2;
        var freqs = exp(arange(half, float32, t.device) * (-Math.Log(10_000.0) / half)); // [F/2]
        var args = (t.to(float32) * 1000.0).unsqueeze(-1) * freqs;                       // [..., F/2]
        var features = cat([args.cos(), args.sin()], -1).to(fc1.weight!.dtype);         // [..., F]
        var h = nn.functional.silu(fc1.forward(features));                              // [..., D]
        return scope.MoveToOuter(fc2.forward(h));                                        // [..., D]
    }
}
