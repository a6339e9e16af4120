using TorchSharp;
using UnityVideo.Abstractions;
using UnityVideo.Plugins.Shared;

namespace UnityVideo.Plugins.Segmentation;

/// <summary>
/// Instance ids ⇄ a 3-channel colour image. Encode keeps the instances the prompt selects
/// (<see cref="ClipContext.ModalityPrompt"/>: null or one of the modality's prompts selects all, "segment the
/// &lt;class&gt;" only that class; see <see cref="SegmentationPrompt"/>), numbers those present in the clip from
/// left to right (by the mean column of their pixels over the clip; ties by mean row, then id) as slots 1…K, and
/// paints slot k with <see cref="SegmentationPalette"/> colour k for every frame (so an instance keeps its colour
/// over time); everything else is the background (-1, -1, -1). The order is one a model can see in the video:
/// numbered by stored id, which the renderer assigns unseen, the colour of an instance was a guess, and a model
/// trained by mean squared error draws the average of the guesses, which decodes to no instance.
/// Decode maps each pixel to the nearest palette colour within <see cref="SegmentationPalette.Tolerance"/> and
/// returns slot ids <c>[T, H, W]</c> uint8 (0 = background). Slot ids are not the stored instance ids: metrics
/// match instances one-to-one. A prompt naming a class the clip does not contain gives an empty target.
/// That is <see cref="SegmentationColouring.Slots"/>; under <see cref="SegmentationColouring.Classes"/> (the default) every kept
/// instance is painted its class's colour (<see cref="SegmentationClassColours"/>) and the decode numbers the
/// connected pieces of each colour (<see cref="InstanceComponents"/>).
/// </summary>
public sealed class SegmentationCodec : IModalityCodec
{
    private readonly IReadOnlyList<string> allInstancePrompts;
    private readonly SegmentationColouring colouring;

    /// <summary>Creates the codec; <paramref name="allInstancePrompts"/> are the prompts that select every instance.</summary>
    public SegmentationCodec(IReadOnlyList<string> allInstancePrompts, SegmentationColouring colouring = SegmentationColouring.Classes)
    {
        ArgumentNullException.ThrowIfNull(allInstancePrompts);
        this.allInstancePrompts = allInstancePrompts;
        this.colouring = colouring;
    }

    /// <inheritdoc />
    public torch.Tensor Encode(torch.Tensor stored, ClipContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        StoredTensor.Require(stored, SegmentationModality.Name, "stored instance ids", [context.Frames, context.Height, context.Width], "[T, H, W]",
            torch.ScalarType.Byte, torch.ScalarType.Int16, torch.ScalarType.Int32, torch.ScalarType.Int64, torch.ScalarType.Float32);
        var noun = SegmentationPrompt.TargetNoun(context.ModalityPrompt, allInstancePrompts);
        using var scope = torch.NewDisposeScope();
        var ids = stored.to(torch.ScalarType.Int64).flatten();                           // [T·H·W]
        if (ids.numel() > 0 && ids.min().ToInt64() < 0)
            throw new ArgumentException($"{SegmentationModality.Name}: instance ids must be ≥ 0.", nameof(stored));
        bool[] present = ids.numel() == 0 ? [] : ids.bincount(null, 0).gt(0).cpu().data<bool>().ToArray(); // [max id + 1]
        var lut = new float[Math.Max(present.Length, 1) * 3];                             // id → colour, row-major [ids, 3]
        Array.Fill(lut, -1f);
        var selected = Enumerable.Range(1, Math.Max(present.Length - 1, 0)).Where(id => present[id] && Selected(id, noun, context)).ToList();
        if (colouring == SegmentationColouring.Classes)
            foreach (var id in selected)
                SegmentationPalette.Colours[SegmentationClassColours.IndexOf(ClassOf(id, context))].CopyTo(lut, id * 3);
        else if (selected.Count > SegmentationPalette.MaxSlots)
            throw new ArgumentException(
                $"{SegmentationModality.Name}: the prompt selects more than {SegmentationPalette.MaxSlots} instances, the most the palette can tell apart.", nameof(stored));
        else
        {
            var slot = 0;
            foreach (var id in LeftToRight(ids, selected, present.Length, context.Height, context.Width))
                SegmentationPalette.Colours[slot++].CopyTo(lut, id * 3);
        }
        var table = torch.tensor(lut, [lut.Length / 3, 3], device: stored.device);   // [ids, 3]
        var colours = table.index_select(0, ids)                                       // [T·H·W, 3]
            .reshape(context.Frames, context.Height, context.Width, 3).permute(3, 0, 1, 2); // [3, T, H, W]
        return colours.contiguous().MoveToOuterDisposeScope();
    }

    /// <inheritdoc />
    public torch.Tensor Decode(torch.Tensor normalized, ClipContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        StoredTensor.Require(normalized, SegmentationModality.Name, "normalized mask", [3, context.Frames, context.Height, context.Width], "[3, T, H, W]",
            torch.ScalarType.Float32, torch.ScalarType.Float16, torch.ScalarType.BFloat16);
        using var scope = torch.NewDisposeScope();
        var palette = new float[(SegmentationPalette.MaxSlots + 1) * 3];               // background, then slots 1…K
        SegmentationPalette.Background.ToArray().CopyTo(palette, 0);
        for (var k = 0; k < SegmentationPalette.MaxSlots; k++) SegmentationPalette.Colours[k].CopyTo(palette, (k + 1) * 3);
        var colours = torch.tensor(palette, [SegmentationPalette.MaxSlots + 1, 3], device: normalized.device); // [K + 1, 3]
        var pixels = normalized.to(torch.ScalarType.Float32).nan_to_num(-1).permute(1, 2, 3, 0).reshape(-1, 1, 3); // [N, 1, 3]
        var distance = (pixels - colours.unsqueeze(0)).square().sum(-1);               // [N, K + 1]
        var (nearest, index) = distance.min(1);                                        // [N], [N]
        var slot = torch.where(nearest.le(SegmentationPalette.Tolerance * SegmentationPalette.Tolerance), index, torch.zeros_like(index));
        if (colouring == SegmentationColouring.Classes)
        {
            var labels = slot.to(torch.ScalarType.Int32).cpu().data<int>().ToArray();                   // [T·H·W] colour per pixel
            var instances = InstanceComponents.Label(labels, context.Frames, context.Height, context.Width, InstanceComponents.Reach(context.Width));
            return torch.tensor(instances, [context.Frames, context.Height, context.Width], torch.ScalarType.Byte).to(normalized.device).MoveToOuterDisposeScope();
        }
        return slot.reshape(context.Frames, context.Height, context.Width).to(torch.ScalarType.Byte).MoveToOuterDisposeScope(); // [T, H, W]
    }

    /// <summary>The <paramref name="selected"/> ids ordered by the mean column of their pixels, then mean row, then id.</summary>
    private static IEnumerable<int> LeftToRight(torch.Tensor ids, IReadOnlyList<int> selected, int idCount, int height, int width)
    {
        if (selected.Count < 2) return selected;
        using var scope = torch.NewDisposeScope();
        var frames = ids.numel() / (height * width);
        var columns = torch.arange(width, torch.ScalarType.Float64, ids.device).repeat(frames * height);                                  // [T·H·W]
        var rows = torch.arange(height, torch.ScalarType.Float64, ids.device).repeat_interleave(width).repeat(frames);                    // [T·H·W]
        var count = ids.bincount(null, idCount).to(torch.ScalarType.Float64).clamp_min(1);                                              // [ids]
        var meanColumn = (ids.bincount(columns, idCount) / count).cpu().data<double>().ToArray();                                       // [ids]
        var meanRow = (ids.bincount(rows, idCount) / count).cpu().data<double>().ToArray();                                             // [ids]
        return selected.OrderBy(id => meanColumn[id]).ThenBy(id => meanRow[id]).ThenBy(id => id).ToList();
    }

    /// <summary>The class of instance <paramref name="id"/>; <see cref="SegmentationClassColours.Unnamed"/> when the clip lists none.</summary>
    private static string ClassOf(int id, ClipContext context)
    {
        if (context.Classes.Count == 0) return SegmentationClassColours.Unnamed;
        if (id >= context.Classes.Count)
            throw new ArgumentException($"{SegmentationModality.Name}: instance id {id} appears but the clip lists only {context.Classes.Count} classes.", nameof(context));
        return context.Classes[id];
    }

    private static bool Selected(int id, string? noun, ClipContext context)
    {
        if (noun is null) return true;
        if (context.Classes.Count == 0)
            throw new ArgumentException($"{SegmentationModality.Name}: the prompt '{context.ModalityPrompt}' names a class, but the clip lists no instance classes.", nameof(context));
        if (id >= context.Classes.Count)
            throw new ArgumentException($"{SegmentationModality.Name}: instance id {id} appears but the clip lists only {context.Classes.Count} classes.", nameof(context));
        return SegmentationPrompt.Names(noun, context.Classes[id]);
    }
}
