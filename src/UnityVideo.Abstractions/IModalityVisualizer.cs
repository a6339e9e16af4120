using TorchSharp;

namespace UnityVideo.Abstractions;

/// <summary>Renders a modality's stored form as viewable RGB frames, for GIFs, grids and reports.</summary>
public interface IModalityVisualizer
{
    /// <summary>Stored form → RGB frames <c>[T, H, W, 3]</c> uint8.</summary>
    /// <param name="stored">The stored tensor.</param>
    /// <param name="context">Facts about the clip.</param>
    torch.Tensor Render(torch.Tensor stored, ClipContext context);
}
