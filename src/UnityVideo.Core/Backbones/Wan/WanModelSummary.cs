using UnityVideo.Core.Model;
using static TorchSharp.torch;

namespace UnityVideo.Core.Backbones.Wan;

/// <summary>Parameter counts of a <see cref="UnityWan"/> per component: the pretrained trunk, its LoRA, and UnityVideo's new modules.</summary>
public static class WanModelSummary
{
    private static readonly (string Component, string[] Prefixes)[] Groups =
    [
        ("trunk (Wan2.1)", ["base"]),
        ("LoRA adapters", ["lora"]),
        ("modality patch embeds", ["patch_embeds"]),
        ("switcher", ["switcher"]),
        ("joint-attention gates", ["joint_gates"]),
        ("modality heads", ["heads"]),
    ];

    /// <summary>Counts the parameters of <paramref name="model"/> (trainable: the adapters and new modules under LoRA).</summary>
    public static ModelSummary Of(UnityWan model)
    {
        ArgumentNullException.ThrowIfNull(model);
        return ModelSummary.Count(model.named_parameters().Select(p => (p.name, (Tensor)p.parameter)), Groups, model.Trunk.Layers, model.StreamNames);
    }

    /// <summary>
    /// The model <paramref name="config"/> builds for <paramref name="modalities"/>, on the meta device (shapes only, no
    /// memory), with its LoRA attached when configured: what a summary of the 1.3B counts without allocating it.
    /// </summary>
    public static UnityWan Shapes(WanUnityConfig config, IEnumerable<Abstractions.ModalityDescriptor> modalities)
    {
        ArgumentNullException.ThrowIfNull(config);
        var meta = new Device("meta");
        using var empty = zeros([1, config.Trunk().TextDim], device: meta);
        var model = new UnityWan(config, modalities, empty, meta);
        if (config.Lora() is { } lora) model.AttachLora(lora);
        return model;
    }
}
