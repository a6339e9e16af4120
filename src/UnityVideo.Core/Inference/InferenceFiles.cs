using TorchSharp;
using UnityVideo.Abstractions;
using UnityVideo.Core.IO;
using UnityVideo.Core.Modalities;
using UnityVideo.Core.Video;
using static TorchSharp.torch;

namespace UnityVideo.Core.Inference;

/// <summary>
/// Output files of estimation and generation, in the <see cref="OutputFormats"/> asked for: safetensors with the stored
/// tensors (readable from Python with one call), side-by-side panels drawn by the modalities' visualizers as H.264 MP4
/// and/or GIF, and per-frame PNGs. Target names are fixed, so existing files are refused unless overwriting is asked
/// for; every file is written atomically.
/// </summary>
public static class InferenceFiles
{
    /// <summary>Frames composed and encoded at a time when writing a long video's panels.</summary>
    private const int ChunkFrames = 32;

    /// <summary>Pixel units per value unit of 16-bit PNGs (millimetres for depth in metres).</summary>
    public const double Png16Scale = 1000;

    /// <summary>
    /// Estimation targets in <paramref name="folder"/>, per modality: <c>&lt;name&gt;.&lt;modality&gt;.safetensors</c>,
    /// <c>.mp4</c>, <c>.gif</c> and the PNG folder <c>&lt;name&gt;.&lt;modality&gt;.png/</c>, as <paramref name="formats"/> asks.
    /// </summary>
    public static IReadOnlyList<string> EstimateTargets(string folder, string name, IEnumerable<string> modalities, OutputFormats formats = OutputFormats.Default)
    {
        ArgumentNullException.ThrowIfNull(modalities);
        return modalities.SelectMany(m => Targets(Path.Combine(folder, $"{name}.{m}"), formats)).ToList();
    }

    /// <summary>
    /// Generation targets in <paramref name="folder"/>: <c>&lt;name&gt;.safetensors</c>, <c>.mp4</c>, <c>.gif</c>, and with PNG
    /// the folders <c>&lt;name&gt;.rgb.png/</c> and <c>&lt;name&gt;.&lt;modality&gt;.png/</c>.
    /// </summary>
    public static IReadOnlyList<string> GenerateTargets(string folder, string name, OutputFormats formats = OutputFormats.Default, IEnumerable<string>? modalities = null)
    {
        var targets = Targets(Path.Combine(folder, name), formats & ~OutputFormats.Png).ToList();
        if (formats.HasFlag(OutputFormats.Png))
            targets.AddRange(new[] { "rgb" }.Concat(modalities ?? []).Select(m => Path.Combine(folder, $"{name}.{m}.png")));
        return targets;
    }

    private static IEnumerable<string> Targets(string stem, OutputFormats formats)
    {
        if (formats.HasFlag(OutputFormats.Safetensors)) yield return stem + ".safetensors";
        if (formats.HasFlag(OutputFormats.Mp4)) yield return stem + ".mp4";
        if (formats.HasFlag(OutputFormats.Gif)) yield return stem + ".gif";
        if (formats.HasFlag(OutputFormats.Png)) yield return stem + ".png";
    }

    /// <summary>
    /// Throws when a target (file or PNG folder) exists and <paramref name="force"/> is false, or a target is one of the
    /// command's <paramref name="inputs"/> (even with force).
    /// </summary>
    /// <exception cref="OutputExistsException">A target exists and <paramref name="force"/> is off.</exception>
    /// <exception cref="InferenceException">A target would overwrite an input.</exception>
    public static void RefuseExisting(IEnumerable<string> targets, bool force, IEnumerable<string?>? inputs = null)
    {
        ArgumentNullException.ThrowIfNull(targets);
        var list = targets.ToList();
        var read = (inputs ?? []).OfType<string>().Select(Path.GetFullPath).ToHashSet(StringComparer.Ordinal);
        var clash = list.FirstOrDefault(t => read.Contains(Path.GetFullPath(t)));
        if (clash is not null) throw new InferenceException($"'{clash}' is also an input of this command; writing it would replace the input. Choose another output folder.");
        // A PNG folder is replaced only when it holds nothing but the frames this project writes.
        var foreign = list.Where(Directory.Exists).FirstOrDefault(d => Directory.EnumerateFileSystemEntries(d).Any(e => !IsFrameFile(e)));
        if (foreign is not null) throw new InferenceException($"'{foreign}' is a folder holding files this project did not write; choose another output folder.");
        if (force) return;
        var existing = list.FirstOrDefault(t => File.Exists(t) || Directory.Exists(t));
        if (existing is not null) throw new OutputExistsException(Path.GetFullPath(existing), option: null, holds: null);
    }

    private static bool IsFrameFile(string path) =>
        File.Exists(path) && System.Text.RegularExpressions.Regex.IsMatch(Path.GetFileName(path), @"^frame-\d{5}\.png$");

    /// <summary>
    /// Writes each estimate in the asked formats: <c>&lt;name&gt;.&lt;modality&gt;.safetensors</c> (the stored tensor under the
    /// modality's storage key), <c>.mp4</c> (the estimate drawn by the modality's visualizer), <c>.gif</c> (input RGB |
    /// estimate) and <c>.png/</c> (frames). The estimates are
    /// at <paramref name="context"/>'s size; when <paramref name="rgb"/> is larger (a video estimated at its native
    /// size) they are upsampled to it through each modality's codec. Returns the written paths.
    /// </summary>
    public static IReadOnlyList<string> WriteEstimates(string folder, string name, Tensor rgb, IReadOnlyDictionary<string, Tensor> estimates,
        ModalityRegistry registry, ClipContext context, double fps, IReadOnlyDictionary<string, string> metadata, OutputFormats formats = OutputFormats.Default)
    {
        ArgumentNullException.ThrowIfNull(rgb);
        ArgumentNullException.ThrowIfNull(estimates);
        ArgumentNullException.ThrowIfNull(registry);
        ArgumentNullException.ThrowIfNull(metadata);
        ArgumentNullException.ThrowIfNull(context);
        if (formats.HasFlag(OutputFormats.Mp4) || formats.HasFlag(OutputFormats.Png)) Mp4Writer.RequireEncoder();
        Directory.CreateDirectory(folder);
        var written = new List<string>();
        fps = fps > 0 ? fps : 8;
        foreach (var (m, modelSize) in estimates)
        {
            var d = registry.Get(m);
            var stem = Path.Combine(folder, $"{name}.{m}");
            var needStored = formats.HasFlag(OutputFormats.Safetensors) || formats.HasFlag(OutputFormats.Png);
            using var stored = needStored ? StoredResize.To(d, modelSize, context, (int)rgb.shape[1], (int)rgb.shape[2]) : null;
            if (formats.HasFlag(OutputFormats.Safetensors))
            {
                using var scope = NewDisposeScope();
                var writer = new SafetensorsWriter();
                writer.Add(d.StorageKey, stored!.cpu().contiguous());
                foreach (var (k, v) in metadata) writer.Metadata[k] = v;
                writer.Metadata["modality"] = m;
                writer.Save(stem + ".safetensors");
                written.Add(stem + ".safetensors");
            }
            if (formats.HasFlag(OutputFormats.Mp4) || formats.HasFlag(OutputFormats.Gif))
            {
                using var scope = NewDisposeScope();
                var drawn = Render(d, modelSize, context); // [T, h, w, 3], drawn once over the whole clip so its colours hold still
                // The MP4 holds the modality alone at the input's size (as depth.mp4 of other tools, and readable back
                // as a control video); the GIF shows it beside the input.
                if (formats.HasFlag(OutputFormats.Mp4)) written.AddRange(WritePanels(stem, [drawn], fps, OutputFormats.Mp4, ((int)rgb.shape[1], (int)rgb.shape[2])));
                if (formats.HasFlag(OutputFormats.Gif)) written.AddRange(WritePanels(stem, [rgb, drawn], fps, OutputFormats.Gif));
            }
            if (formats.HasFlag(OutputFormats.Png))
            {
                var outSize = context with { Frames = (int)rgb.shape[0], Height = (int)rgb.shape[1], Width = (int)rgb.shape[2] };
                WritePngFrames(stem + ".png", d, stored!, outSize);
                written.Add(stem + ".png");
            }
        }
        return written;
    }

    /// <summary>
    /// Writes a generated clip in the asked formats: <c>&lt;name&gt;.safetensors</c> (<c>rgb</c> <c>[T, H, W, 3]</c> uint8 and each
    /// modality under its storage key), <c>&lt;name&gt;.mp4</c>/<c>.gif</c> (RGB | each modality) and PNG frame folders.
    /// Returns the written paths.
    /// </summary>
    public static IReadOnlyList<string> WriteGenerated(string folder, string name, Tensor rgb, IReadOnlyDictionary<string, Tensor> modalities,
        ModalityRegistry registry, ClipContext context, double fps, IReadOnlyDictionary<string, string> metadata, OutputFormats formats = OutputFormats.Default)
    {
        ArgumentNullException.ThrowIfNull(rgb);
        ArgumentNullException.ThrowIfNull(modalities);
        ArgumentNullException.ThrowIfNull(registry);
        ArgumentNullException.ThrowIfNull(metadata);
        if (formats.HasFlag(OutputFormats.Mp4) || formats.HasFlag(OutputFormats.Png)) Mp4Writer.RequireEncoder();
        Directory.CreateDirectory(folder);
        using var scope = NewDisposeScope();
        var stem = Path.Combine(folder, name);
        var written = new List<string>();
        if (formats.HasFlag(OutputFormats.Safetensors))
        {
            var writer = new SafetensorsWriter();
            writer.Add("rgb", rgb.cpu().contiguous());
            foreach (var (m, stored) in modalities) writer.Add(registry.Get(m).StorageKey, stored.cpu().contiguous());
            foreach (var (k, v) in metadata) writer.Metadata[k] = v;
            writer.Save(stem + ".safetensors");
            written.Add(stem + ".safetensors");
        }
        if (formats.HasFlag(OutputFormats.Mp4) || formats.HasFlag(OutputFormats.Gif))
            written.AddRange(WritePanels(stem, [rgb, .. modalities.Select(p => Render(registry.Get(p.Key), p.Value, context))], fps > 0 ? fps : 8, formats));
        if (formats.HasFlag(OutputFormats.Png))
        {
            WriteRgbPngFrames($"{stem}.rgb.png", rgb);
            written.Add($"{stem}.rgb.png");
            foreach (var (m, stored) in modalities)
            {
                WritePngFrames($"{stem}.{m}.png", registry.Get(m), stored, context);
                written.Add($"{stem}.{m}.png");
            }
        }
        return written;
    }

    /// <summary>The modality drawn by its visualizer, or black frames when its plugin has none or the tensor is empty.</summary>
    public static Tensor Render(ModalityDescriptor descriptor, Tensor stored, ClipContext context)
    {
        ArgumentNullException.ThrowIfNull(descriptor);
        ArgumentNullException.ThrowIfNull(stored);
        ArgumentNullException.ThrowIfNull(context);
        long[] shape = [context.Frames, context.Height, context.Width, 3];
        // Nothing to draw (no visualizer, or e.g. a clip without skeletons: joints [T, 0, 17, 3]): black frames.
        if (descriptor.Visualizer is null || stored.NumberOfElements == 0) return torch.zeros(shape, torch.uint8);
        var frames = descriptor.Visualizer.Render(stored, context);                                  // [T, H, W, 3]
        if (frames.dtype != torch.uint8 || !frames.shape.SequenceEqual(shape))
            throw new InvalidOperationException($"The '{descriptor.Name}' visualizer returned {frames.dtype} [{string.Join(", ", frames.shape)}]; expected uint8 [{string.Join(", ", shape)}].");
        return frames;
    }

    /// <summary>
    /// Side-by-side panels (each resized to <paramref name="size"/> or the first panel's size, then enlarged to at least 128 px) as MP4 and/or
    /// GIF. The MP4 is composed and encoded in chunks of frames, so a long video's grid never sits in memory whole.
    /// </summary>
    private static IEnumerable<string> WritePanels(string stem, IReadOnlyList<Tensor> panels, double fps, OutputFormats formats, (int H, int W)? size = null)
    {
        int t = (int)panels[0].shape[0], h = size?.H ?? (int)panels[0].shape[1], w = size?.W ?? (int)panels[0].shape[2];
        var k = FrameScale.ToAtLeast(h, w);
        Tensor Grid(int from, int count)
        {
            var row = panels.Select(p => FrameScale.Upscale(ResizeFrames(p.narrow(0, from, count).cpu(), h, w), k)).ToList(); // each [n, kH, kW, 3]
            return FrameGrid.Compose([row]);                                                                            // [n, H', W', 3]
        }
        var written = new List<string>();
        if (formats.HasFlag(OutputFormats.Mp4))
        {
            using var first = Grid(0, 1);
            using var writer = Mp4Writer.Open(stem + ".mp4", (int)first.shape[1], (int)first.shape[2], fps);
            for (var from = 0; from < t; from += ChunkFrames)
            {
                using var scope = NewDisposeScope();
                writer.Append(Grid(from, Math.Min(ChunkFrames, t - from)));
            }
            writer.Complete();
            written.Add(stem + ".mp4");
        }
        if (formats.HasFlag(OutputFormats.Gif))
        {
            using var scope = NewDisposeScope();
            FrameWriter.WriteGif(stem + ".gif", Grid(0, t), fps);
            written.Add(stem + ".gif");
        }
        return written;
    }

    /// <summary>Frames <c>[n, h, w, 3]</c> uint8 resized (bilinear) to <paramref name="height"/> × <paramref name="width"/>; unchanged when they fit.</summary>
    private static Tensor ResizeFrames(Tensor frames, int height, int width)
    {
        if (frames.shape[1] == height && frames.shape[2] == width) return frames;
        var x = frames.permute(0, 3, 1, 2).to(float32);                                                           // [n, 3, h, w]
        var y = nn.functional.interpolate(x, [height, width], mode: InterpolationMode.Bilinear, align_corners: false); // [n, 3, H, W]
        return y.round().clamp(0, 255).to(uint8).permute(0, 2, 3, 1).contiguous();                                 // [n, H, W, 3]
    }

    private static void WritePngFrames(string folder, ModalityDescriptor descriptor, Tensor stored, ClipContext context)
    {
        // A single-channel float modality (depth) keeps its values; the others are drawn by their visualizer.
        if (stored.ndim == 3 && stored.is_floating_point())
        {
            Png16Writer.Write(folder, stored, Png16Scale, replace: true);
            return;
        }
        using var scope = NewDisposeScope();
        WriteRgbPngFrames(folder, Render(descriptor, stored, context));
    }

    private static void WriteRgbPngFrames(string folder, Tensor frames)
    {
        if (Directory.Exists(folder)) FolderSwap.DeleteTree(folder); // RefuseExisting let only our own frames through
        Directory.CreateDirectory(folder);
        for (var i = 0; i < frames.shape[0]; i++)
        {
            using var frame = frames[i];
            FrameWriter.WritePng(Path.Combine(folder, $"frame-{i:D5}.png"), frame);
        }
    }
}
