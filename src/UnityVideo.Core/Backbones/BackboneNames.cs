namespace UnityVideo.Core.Backbones;

/// <summary>The trunks the UnityVideo mechanisms run over (<c>Model:Backbone</c>, and the <c>backbone</c> entry of every checkpoint).</summary>
public static class BackboneNames
{
    /// <summary>The project's own pixel diffusion transformer (<see cref="Model.UnityDiT"/>); the default.</summary>
    public const string DiT = "dit";

    /// <summary>A Wan2.1 latent diffusion transformer (<see cref="Wan.UnityWan"/>), trained on VAE latents.</summary>
    public const string Wan = "wan";

    /// <summary>Every accepted value.</summary>
    public static IReadOnlyList<string> All { get; } = [DiT, Wan];

    /// <summary>The error for a verb that runs only on the pixel DiT so far.</summary>
    public static UnsupportedBackboneException NotYetForWan(string what) =>
        new($"{what} works with the pixel DiT backbone only so far (Model:Backbone=dit); the Wan backbone (Model:Backbone=wan) trains with 'train' on a latent dataset and samples with 'generate', 'estimate' and 'eval' (--vae, --text-embeddings).");
}
