namespace UnityVideo.Core.Backbones.Wan;

/// <summary>What <see cref="WanWeights.Load"/> did.</summary>
/// <param name="Naming">Which key naming the weights used.</param>
/// <param name="Files">The safetensors files read, in the order first used.</param>
/// <param name="Loaded">Number of tensors copied into the model (all of its parameters).</param>
/// <param name="Unexpected">Tensors in the files that are not weights of the model (only when allowed).</param>
public sealed record WanWeightsReport(WanKeyNaming Naming, IReadOnlyList<string> Files, int Loaded, IReadOnlyList<string> Unexpected);

/// <summary>The two key namings of published Wan2.1 DiT weights.</summary>
public enum WanKeyNaming
{
    /// <summary>The official checkpoint's names (<c>blocks.0.self_attn.q.weight</c>, ...).</summary>
    Official,

    /// <summary>diffusers' <c>WanTransformer3DModel</c> names (<c>blocks.0.attn1.to_q.weight</c>, ...).</summary>
    Diffusers,
}
