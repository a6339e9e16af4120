using System.CommandLine;
using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using UnityVideo.Abstractions;
using UnityVideo.Core.Data;
using UnityVideo.Core.IO;
using UnityVideo.Core.Modalities;
using UnityVideo.Core.Model;
using UnityVideo.Core.Video;
using UnityVideo.Host.Configuration;

namespace UnityVideo.Cli.Commands;

/// <summary>
/// <c>unityvideo data annotate</c>: a dataset from the user's own footage — clips of the model's frame count and
/// size, annotated with the classical annotators (Farnebäck flow), captioned from the file name or <c>--caption</c>.
/// </summary>
internal static class DataAnnotateCommand
{
    /// <summary>Extensions picked up when <c>--videos</c> names a folder.</summary>
    public static readonly string[] VideoExtensions = [".mp4", ".avi", ".mkv", ".mpg", ".mpeg", ".mov", ".webm", ".m4v", ".wmv"];

    public static Command Create()
    {
        var videos = new Option<string>("--videos") { Description = "A video file, or a folder whose video files (" + string.Join(" ", VideoExtensions) + ") are all used.", Required = true, HelpName = "DIR|FILE" };
        var outDir = new Option<string>("--out") { Description = "Dataset folder to create (shards + manifest.jsonl).", Required = true, HelpName = "DATA" };
        var caption = new Option<string?>("--caption") { Description = "Caption of every clip (default: the file name, underscores and dashes as spaces).", HelpName = "TEXT" };
        var frames = new Option<int?>("--frames") { Description = "Frames per clip (default: the model preset's).", HelpName = "T" };
        var size = new Option<int?>("--size") { Description = "Clip width and height in pixels (default: the model preset's size).", HelpName = "S" };
        var stride = new Option<int>("--stride") { Description = "Take every K-th source frame.", DefaultValueFactory = _ => 1, HelpName = "K" };
        var fps = new Option<double?>("--fps") { Description = "Resample to this frame rate instead of --stride (nearest source frame).", HelpName = "F" };
        var clipStride = new Option<int?>("--clip-stride") { Description = "Sampled frames between the starts of successive clips (default: T, back to back).", HelpName = "N" };
        var checkpoint = new Option<string?>("--checkpoint") { Description = "Model checkpoint that annotates the other modalities.", HelpName = "C" };
        var modalities = new Option<string[]>("--modalities")
        {
            Description = "Modalities to annotate (default: flow, plus with --checkpoint every enabled modality it knows).",
            HelpName = "M",
            AllowMultipleArgumentsPerToken = true,
        };
        var force = new Option<bool>("--force") { Description = "Replace a dataset folder this project wrote (the old one stays until the new one is complete)." };

        var annotate = new Command("annotate", "Cut your own videos into clips of the model's size and annotate them (optical flow by Farnebäck); unreadable files are skipped and listed.")
        {
            videos, outDir, caption, frames, size, stride, fps, clipStride, checkpoint, modalities, force,
        };
        annotate.SetAction((parse, ct) => Task.FromResult(CliErrors.Run(() =>
        {
            // ------------------------------------------------------------ arguments
            var sources = FindVideos(parse.GetValue(videos)!);
            var target = parse.GetValue(outDir)!;
            OutputGuard.CheckFolder(target, parse.GetValue(force), "--out", "dataset", OutputGuard.HoldsDataset, [parse.GetValue(videos)!, .. sources], OutputGuard.DatasetForeignEntry);
            if (parse.GetValue(frames) is { } t && t is < 1 or > 1024) throw new CliUsageException($"--frames must be in 1..1024 (got {t}).");
            if (parse.GetValue(size) is { } s && s is < 8 or > 4096) throw new CliUsageException($"--size must be in 8..4096 (got {s}).");
            if (parse.GetValue(stride) is < 1 or > 1000) throw new CliUsageException($"--stride must be in 1..1000 (got {parse.GetValue(stride)}).");
            if (parse.GetValue(fps) is { } f && !(f is > 0 and <= 1000)) throw new CliUsageException($"--fps must be in (0, 1000] (got {f.ToString(CultureInfo.InvariantCulture)}).");
            if (parse.GetValue(clipStride) is < 1) throw new CliUsageException($"--clip-stride must be at least 1 (got {parse.GetValue(clipStride)}).");
            if (parse.GetValue(caption) is { } c && string.IsNullOrWhiteSpace(c)) throw new CliUsageException("--caption must not be empty.");
            if (parse.GetValue(checkpoint) is { } ckpt)
                throw new CliUsageException($"--checkpoint {ckpt}: annotating with a trained model is not available yet (it comes with the inference pipeline); "
                    + "run without --checkpoint to cut clips with Farnebäck flow.");

            using var services = CliHost.Build(GlobalOptions.Sources(parse));
            var registry = services.GetRequiredService<ModalityRegistry>();
            var preset = services.GetRequiredService<IOptions<DiTConfig>>().Value;
            var annotators = ClassicalAnnotators(registry, parse.GetValue(modalities));
            var sampling = new VideoSampling
            {
                Frames = parse.GetValue(frames) ?? preset.Frames,
                Height = parse.GetValue(size) ?? preset.Height,
                Width = parse.GetValue(size) ?? preset.Width,
                FrameStride = parse.GetValue(stride),
                TargetFps = parse.GetValue(fps),
                ClipStride = parse.GetValue(clipStride),
            };

            // ------------------------------------------------------------ cut, annotate, write
            var request = new VideoDatasetRequest
            {
                OutputDirectory = target, Videos = sources, Sampling = sampling, Registry = registry, Annotators = annotators,
                Caption = parse.GetValue(caption), Force = parse.GetValue(force),
            };
            var result = CliProgress.Run($"annotating {sources.Count} video(s)", sources.Count, progress => VideoDatasetBuilder.Build(request, progress, ct));

            foreach (var skip in result.Skipped)
                Console.Error.WriteLine(skip.ClipsKept > 0
                    ? $"warning: {skip.Path}: {skip.Reason} (kept the {skip.ClipsKept} clip(s) cut before)"
                    : $"warning: skipped {skip.Path}: {skip.Reason}");
            if (result.Clips == 0)
                throw new CliUsageException($"no clip could be cut from {sources.Count} file(s) ({result.Skipped.Count} unreadable or too short, listed above); nothing was written to {target}.");
            var stored = string.Join(", ", new[] { "rgb" }.Concat(annotators.Select(a => $"{a.Modality} ({a.Name})")));
            Console.WriteLine($"wrote {result.Clips} clips ({sampling.Width}x{sampling.Height}, {sampling.Frames} frames; {stored}) from {result.VideosUsed} of {sources.Count} video(s) to {result.Directory}");
            Console.WriteLine($"manifest: {result.ManifestPath}");
            if (result.Skipped.Count > 0) Console.WriteLine($"skipped {result.Skipped.Count} file(s): {string.Join(", ", result.Skipped.Select(x => x.Path))}");
            return 0;
        }, parse.GetValue(GlobalOptions.Verbose))));
        return annotate;
    }

    /// <summary>The video files named by <c>--videos</c>: the file itself, or a folder's video files by name.</summary>
    private static List<string> FindVideos(string given)
    {
        if (File.Exists(given)) return [given];
        if (!Directory.Exists(given)) throw new CliUsageException($"--videos: {Path.GetFullPath(given)} does not exist.");
        var found = Directory.EnumerateFiles(given)
            .Where(p => VideoExtensions.Contains(Path.GetExtension(p), StringComparer.OrdinalIgnoreCase))
            .Order(StringComparer.Ordinal)
            .ToList();
        return found.Count > 0 ? found
            : throw new CliUsageException($"--videos: {Path.GetFullPath(given)} holds no video files ({string.Join(" ", VideoExtensions)}).");
    }

    /// <summary>One annotator per requested modality that needs no ground truth (Farnebäck for flow).</summary>
    private static List<IAnnotator> ClassicalAnnotators(ModalityRegistry registry, string[]? requested)
    {
        var classical = registry.Modalities
            .Select(m => (m.Name, Annotator: registry.AnnotatorsFor(m.Name).FirstOrDefault(a => a.RequiredBuffers.Count == 0)))
            .Where(p => p.Annotator is not null)
            .ToDictionary(p => p.Name, p => p.Annotator!, StringComparer.Ordinal);
        var names = (requested ?? []).SelectMany(r => r.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).Distinct().ToList();
        if (names.Count == 0) return [.. classical.Values];
        var result = new List<IAnnotator>();
        foreach (var name in names)
        {
            if (!registry.Contains(name))
                throw new CliUsageException($"--modalities: '{name}' is not an enabled modality (enabled: {string.Join(", ", registry.Names)}).");
            result.Add(classical.TryGetValue(name, out var a) ? a
                : throw new CliUsageException($"--modalities: '{name}' has no classical annotator for real footage; it needs --checkpoint (classical: {string.Join(", ", classical.Keys)})."));
        }
        return result;
    }
}
