using TorchSharp;

namespace UnityVideo.Abstractions;

/// <summary>
/// The inverse of a modality's visualizer, offered by a plugin whose visual code can be read back: RGB frames drawn in
/// that code (by its <see cref="IModalityVisualizer"/>, or by another tool using the same code) → the stored form, up
/// to what the drawing keeps (e.g. depth only up to an affine map of its inverse). Lets a modality video such as
/// <c>depth.mp4</c> condition generation. Optional: a visualizer that implements it is read through it.
/// </summary>
public interface IVisualizationReader
{
    /// <summary>RGB frames <c>[T, H, W, 3]</c> uint8 → the stored form for <paramref name="context"/>'s size.</summary>
    /// <param name="frames">Frames drawn in the modality's visual code (lossy video coding is tolerated: the nearest colour wins).</param>
    /// <param name="context">Facts about the clip.</param>
    torch.Tensor Read(torch.Tensor frames, ClipContext context);
}
