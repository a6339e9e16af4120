using System.Text.RegularExpressions;
using TorchSharp;
using UnityVideo.Abstractions;
using UnityVideo.Core.IO;
using UnityVideo.Core.Video;

namespace UnityVideo.Core.Data;

/// <summary>
/// The data pipeline for real footage: cuts every video into clips (<see cref="VideoReader.Clips"/>), annotates each
/// clip with the requested annotators and writes the dataset format (one safetensors file per clip + manifest).
/// A file that cannot be read is skipped and reported, not a stop. Everything goes into a hidden sibling folder
/// that is renamed into place at the end, so a failure, a cancellation or a run without a single clip leaves
/// nothing behind (and keeps what the target held).
/// </summary>
public static partial class VideoDatasetBuilder
{
    /// <summary>Builds the dataset; <paramref name="progress"/> receives the number of videos finished so far.</summary>
    /// <exception cref="IOException">The output folder may not be written (<see cref="OutputGuard.CheckFolder"/>: not empty without force, not a dataset, an input, the current directory).</exception>
    /// <exception cref="DllNotFoundException">OpenCV's native library cannot be loaded; the message says what to install.</exception>
    /// <exception cref="OperationCanceledException">Cancelled; nothing was left on disk.</exception>
    public static VideoDatasetResult Build(VideoDatasetRequest request, IProgress<int>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        request.Sampling.Validate();
        var stored = request.Annotators.Select(a => (Annotator: a, Key: request.Registry.Get(a.Modality).StorageKey)).ToList();
        var target = Path.GetFullPath(request.OutputDirectory);
        OutputGuard.CheckFolder(target, request.Force, "--out", "dataset", OutputGuard.HoldsDataset, request.Videos, OutputGuard.DatasetForeignEntry);

        // ------------------------------------------------------------ cut + annotate + write into a hidden sibling
        var staging = FolderSwap.BeginStaging(target);
        var committed = false;
        try
        {
            var writer = new DatasetWriter(staging);
            var skipped = new List<SkippedVideo>();
            var used = 0;
            for (var v = 0; v < request.Videos.Count; v++)
            {
                var path = request.Videos[v];
                var caption = request.Caption ?? CaptionFor(path);
                var before = writer.Count;
                try
                {
                    foreach (var clip in VideoReader.Clips(path, request.Sampling))
                    {
                        using (clip)
                        {
                            cancellationToken.ThrowIfCancellationRequested();
                            writer.Write(writer.Count, Annotate(clip, stored, caption, Path.GetFileName(path)));
                        }
                    }
                    used++;
                }
                catch (VideoFormatException e)
                {
                    var kept = writer.Count - before;
                    if (kept > 0) used++;
                    skipped.Add(new SkippedVideo(path, e.Problem, kept));
                }
                progress?.Report(v + 1);
            }
            if (writer.Count == 0) return new VideoDatasetResult(target, Path.Combine(target, DatasetManifest.FileName), 0, 0, skipped);
            var manifest = writer.Complete();
            cancellationToken.ThrowIfCancellationRequested();

            // ------------------------------------------------------------ swap into place
            FolderSwap.Commit(staging, target);
            committed = true;
            return new VideoDatasetResult(target, Path.Combine(target, Path.GetFileName(manifest)), writer.Count, used, skipped);
        }
        finally
        {
            if (!committed) FolderSwap.Discard(staging);
        }
    }

    /// <summary>The caption a file name gives: its name without extension, underscores and dashes as spaces ("man_walks-left.mp4" → "man walks left").</summary>
    public static string CaptionFor(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var words = Separators().Replace(Path.GetFileNameWithoutExtension(path), " ").Trim();
        return words.Length > 0 ? words : "a video";
    }

    private static ClipArrays Annotate(VideoClip clip, List<(IAnnotator Annotator, string Key)> annotators, string caption, string source)
    {
        using var scope = torch.NewDisposeScope();
        var rgb = clip.Frames; // [T, H, W, 3]
        int t = (int)rgb.shape[0], h = (int)rgb.shape[1], w = (int)rgb.shape[2];
        var arrays = new ClipArrays
        {
            Frames = t,
            Height = h,
            Width = w,
            Rgb = rgb.cpu().contiguous().data<byte>().ToArray(),
            Metadata = new ClipMetadata { Caption = caption, Fps = clip.Fps, Source = source },
        };
        var context = new ClipContext { Frames = t, Height = h, Width = w };
        foreach (var (annotator, key) in annotators)
            arrays = With(arrays, key, annotator.Annotate(new AnnotationInput { Rgb = rgb, Context = context }), annotator);
        return arrays;
    }

    // The dataset format stores each modality in its own typed field; these are the ones an annotator of real
    // footage can fill without scene metadata (instances need class names, joints need skeleton owners).
    private static ClipArrays With(ClipArrays clip, string key, torch.Tensor value, IAnnotator annotator) => key switch
    {
        ClipTensorNames.Depth => clip with { Depth = value.to(torch.float32).cpu().contiguous().data<float>().ToArray() },
        ClipTensorNames.Flow => clip with { Flow = value.to(torch.float32).cpu().contiguous().data<float>().ToArray() },
        ClipTensorNames.Iuv => clip with { Iuv = value.to(torch.uint8).cpu().contiguous().data<byte>().ToArray() },
        _ => throw new NotSupportedException($"Annotator '{annotator.Name}' produces '{key}', which annotated datasets cannot store yet (supported: depth, flow, iuv)."),
    };

    [GeneratedRegex(@"[\s_\-]+")]
    private static partial Regex Separators();
}

/// <summary>A video file <see cref="VideoDatasetBuilder"/> could not (fully) use.</summary>
/// <param name="Path">The file.</param>
/// <param name="Reason">Why, as the reader said it.</param>
/// <param name="ClipsKept">Clips cut from it before the failure (0 when it gave none).</param>
public sealed record SkippedVideo(string Path, string Reason, int ClipsKept);

/// <summary>What <see cref="VideoDatasetBuilder"/> wrote.</summary>
/// <param name="Directory">The dataset folder (not created when <paramref name="Clips"/> is 0).</param>
/// <param name="ManifestPath">Its <c>manifest.jsonl</c>.</param>
/// <param name="Clips">Clips written.</param>
/// <param name="VideosUsed">Videos that gave at least one clip.</param>
/// <param name="Skipped">Files that gave no clip, or failed part-way, each with the reason.</param>
public sealed record VideoDatasetResult(string Directory, string ManifestPath, int Clips, int VideosUsed, IReadOnlyList<SkippedVideo> Skipped);
