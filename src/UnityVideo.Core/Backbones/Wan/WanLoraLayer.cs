using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace UnityVideo.Core.Backbones.Wan;

/// <summary>
/// The low-rank update of one linear: <c>lora_A</c> <c>[rank, in]</c> initialised Kaiming-uniform (a = √5, the PEFT
/// default) and <c>lora_B</c> <c>[out, rank]</c> initialised to zero, so a fresh update adds exactly nothing. Kept in
/// fp32 whatever the base weights' dtype: it is the trainable part and its own master copy.
/// </summary>
public sealed class WanLoraLayer : nn.Module
{
    private readonly Linear lora_A;
    private readonly Linear lora_B;
    private readonly double scale;
    private readonly double dropout;

    /// <summary>Creates the update for a linear <paramref name="inFeatures"/> → <paramref name="outFeatures"/>.</summary>
    public WanLoraLayer(string name, long inFeatures, long outFeatures, WanLoraConfig config, Device? device = null) : base(name)
    {
        ArgumentNullException.ThrowIfNull(config);
        scale = config.Scale;
        dropout = config.Dropout;
        lora_A = nn.Linear(inFeatures, config.Rank, hasBias: false, device: device, dtype: float32);
        lora_B = nn.Linear(config.Rank, outFeatures, hasBias: false, device: device, dtype: float32);
        using (no_grad())
        {
            nn.init.kaiming_uniform_(lora_A.weight!, a: Math.Sqrt(5));
            nn.init.zeros_(lora_B.weight!);
        }
        RegisterComponents();
    }

    /// <summary>A <c>[rank, in]</c>.</summary>
    public Parameter A => lora_A.weight!;

    /// <summary>B <c>[out, rank]</c>.</summary>
    public Parameter B => lora_B.weight!;

    /// <summary>(alpha / rank)·B·A(dropout(x)) for x <c>[..., in]</c>, in fp32; dropout only when <paramref name="training"/>.</summary>
    public Tensor Delta(Tensor x, bool training)
    {
        using var scope = NewDisposeScope();
        var h = x.to_type(float32);
        if (training && dropout > 0) h = nn.functional.dropout(h, dropout, training: true);
        return scope.MoveToOuter(lora_B.forward(lora_A.forward(h)) * scale);
    }

    /// <summary>The dense update (alpha / rank)·B·A <c>[out, in]</c> in fp32, as merged into the base weight.</summary>
    public Tensor DenseUpdate()
    {
        using var scope = NewDisposeScope();
        return scope.MoveToOuter(B.matmul(A) * scale);
    }
}
