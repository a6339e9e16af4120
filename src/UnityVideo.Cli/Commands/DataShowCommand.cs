using System.CommandLine;
using Microsoft.Extensions.DependencyInjection;
using TorchSharp;
using UnityVideo.Core.Data;
using UnityVideo.Core.IO;
using UnityVideo.Core.Modalities;
using UnityVideo.Core.Video;

namespace UnityVideo.Cli.Commands;

/// <summary><c>unityvideo data show</c>: an animated GIF grid of clips and their modalities.</summary>
internal static class DataShowCommand
{
    public static Command Create()
    {
        var data = new Option<string>("--data") { Description = "Dataset folder (holds manifest.jsonl).", Required = true, HelpName = "DIR" };
        var clip = new Option<int?>("--clip") { Description = "Show only clip I (0-based, manifest order).", HelpName = "I" };
        var clips = new Option<int>("--clips") { Description = "Show the first N clips (ignored with --clip).", DefaultValueFactory = _ => 4, HelpName = "N" };
        var output = new Option<string>("--out") { Description = "GIF to write; its folder must exist.", Required = true, HelpName = "FILE.gif" };
        var scale = new Option<int?>("--scale") { Description = "Integer pixel enlargement (default: panels at least 128 px).", HelpName = "K" };
        var force = new Option<bool>("--force") { Description = "Overwrite the GIF if it exists." };

        var show = new Command("show", "Write an animated GIF grid: one row per clip; columns RGB | depth | flow | skeleton | DensePose | segmentation (those the clips carry).")
        {
            data, clip, clips, output, scale, force,
        };
        show.SetAction(parse => CliErrors.Run(() =>
        {
            var target = parse.GetValue(output)!;
            if (!target.EndsWith(".gif", StringComparison.OrdinalIgnoreCase))
                throw new CliUsageException($"--out must name a .gif file (got '{target}').");
            var folder = Path.GetDirectoryName(Path.GetFullPath(target))!;
            if (!Directory.Exists(folder)) throw new CliUsageException($"--out: folder {folder} does not exist.");
            OutputGuard.CheckFile(target, parse.GetValue(force), "--out");
            if (parse.GetValue(scale) is { } given && given is < 1 or > 64) throw new CliUsageException($"--scale must be in 1..64 (got {given}).");
            if (parse.GetValue(clips) < 1) throw new CliUsageException($"--clips must be at least 1 (got {parse.GetValue(clips)}).");
            var dir = parse.GetValue(data)!;
            if (!Directory.Exists(dir)) throw new CliUsageException($"--data: dataset folder {Path.GetFullPath(dir)} does not exist.");

            using var services = CliHost.Build(GlobalOptions.Sources(parse));
            var registry = services.GetRequiredService<ModalityRegistry>();
            // Only what a panel shows is read: a clip may carry large tensors no plugin draws.
            var dataset = ClipDataset.Open(dir, keep: registry.Modalities.Where(m => m.Visualizer is not null).Select(m => m.StorageKey));
            if (dataset.Count == 0) throw new CliUsageException($"{dataset.Directory} holds no clips.");
            var indices = parse.GetValue(clip) is { } one
                ? one >= 0 && one < dataset.Count ? [one]
                    : throw new CliUsageException($"--clip {one} is out of range: {dataset.Directory} holds {dataset.Count} clips (0..{dataset.Count - 1}).")
                : Enumerable.Range(0, Math.Min(parse.GetValue(clips), dataset.Count)).ToArray();

            var samples = new List<ClipSample>();
            try
            {
                foreach (var i in indices) samples.Add(dataset.Read(i));
                var (h, w) = (samples[0].Height, samples[0].Width);
                for (var r = 1; r < samples.Count; r++)
                    if (samples[r].Height != h || samples[r].Width != w)
                        throw new CliUsageException($"clips differ in size: clip {indices[0]} is {w}x{h}, clip {indices[r]} is {samples[r].Width}x{samples[r].Height}; show them one at a time with --clip.");
                var frames = samples.Max(s => s.Frames);
                var k = parse.GetValue(scale) ?? FrameScale.ToAtLeast(h, w);
                var columns = ClipPreview.Columns(registry, samples);

                using var scope = torch.NewDisposeScope();
                var rows = samples.Select(s => (IReadOnlyList<torch.Tensor>)ClipPreview.Panels(s, columns, frames).Select(p => FrameScale.Upscale(p, k)).ToList()).ToList();
                var grid = FrameGrid.Compose(rows); // [T, H', W', 3]
                FrameWriter.WriteGif(target, grid, samples[0].Metadata.Fps);

                var names = string.Join(" | ", new[] { "rgb" }.Concat(columns.Select(c => c.Name)));
                Console.WriteLine($"wrote {target}: {samples.Count} clip(s) x {columns.Count + 1} panels ({names}), {frames} frames, {grid.shape[2]}x{grid.shape[1]} px");
                return 0;
            }
            finally
            {
                foreach (var s in samples) s.Dispose();
            }
        }, parse.GetValue(GlobalOptions.Verbose)));
        return show;
    }
}
