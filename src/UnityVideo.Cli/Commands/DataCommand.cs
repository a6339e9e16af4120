using System.CommandLine;
using Microsoft.Extensions.DependencyInjection;
using UnityVideo.Core.Modalities;
using UnityVideo.Host.Plugins;
using UnityVideo.Core.IO;
using UnityVideo.Host.Data;
using UnityVideo.Synthetic;

namespace UnityVideo.Cli.Commands;

/// <summary><c>unityvideo data synth</c>: datasets from the synthetic world (and the <c>data</c> group: annotate, show, encode, decode).</summary>
internal static class DataCommand
{
    public static Command Create()
    {
        var outDir = new Option<string>("--out") { Description = "Dataset folder to create (shards + manifest.jsonl).", Required = true, HelpName = "DIR" };
        var clips = new Option<int>("--clips") { Description = "Number of clips.", Required = true, HelpName = "N" };
        var size = new Option<int>("--size") { Description = "Frame width and height in pixels.", DefaultValueFactory = _ => 32 };
        var frames = new Option<int>("--frames") { Description = "Frames per clip.", DefaultValueFactory = _ => 8 };
        var seed = new Option<ulong>("--seed") { Description = "World seed: clip i of a seed is always the same clip.", DefaultValueFactory = _ => 0 };
        var split = new Option<string>("--split") { Description = "train or test; the splits never share a clip.", DefaultValueFactory = _ => "train" };
        split.AcceptOnlyFromAmong("train", "test");
        var animals = new Option<bool>("--with-animals") { Description = "Include quadrupeds (held out of training sets for the zero-shot probe)." };
        var background = new Option<bool>("--background-captions")
        {
            Description = "Start every caption with the floor and the wall (\"on a beige checkered floor before a slate striped wall, …\"); the pixels are the same.",
        };
        var fps = new Option<double>("--fps")
        {
            Description = "Frames per second of the rendered clips: how far things move between frames.",
            DefaultValueFactory = _ => new SyntheticOptions().Fps,
        };
        var supersample = new Option<int>("--supersample")
        {
            Description = "Colour rays per pixel along each axis, averaged as a camera sensor does (1 = point sampling, which aliases fine textures).",
            DefaultValueFactory = _ => new SyntheticOptions().Supersampling, HelpName = "N",
        };
        var force = new Option<bool>("--force") { Description = "Replace a dataset folder this project wrote (the old one stays until the new one is complete)." };

        var synth = new Command("synth", "Render clips of the synthetic world with exact depth, flow, instances, DensePose IUV and joints, plus any enabled plugin modality whose plugin has a ground-truth annotator (e.g. normals).")
        {
            outDir, clips, size, frames, fps, seed, split, animals, background, supersample, force,
        };
        synth.SetAction((parse, ct) => Task.FromResult(CliErrors.Run(() =>
        {
            var count = parse.GetValue(clips);
            if (count <= 0) throw new CliUsageException($"--clips must be at least 1 (got {count}).");
            if (parse.GetValue(size) is < 8 or > 4096) throw new CliUsageException($"--size must be in 8..4096 (got {parse.GetValue(size)}).");
            if (parse.GetValue(frames) is < 1 or > 1024) throw new CliUsageException($"--frames must be in 1..1024 (got {parse.GetValue(frames)}).");
            var target = parse.GetValue(outDir)!;
            OutputGuard.CheckFolder(target, parse.GetValue(force), "--out", "dataset", OutputGuard.HoldsDataset, foreign: OutputGuard.DatasetForeignEntry);
            var world = SyntheticOptions.Square(parse.GetValue(size), parse.GetValue(frames)) with
            {
                Seed = parse.GetValue(seed),
                Split = parse.GetValue(split) == "test" ? SyntheticSplit.Test : SyntheticSplit.Train,
                WithAnimals = parse.GetValue(animals),
                CaptionsNameBackground = parse.GetValue(background),
                Supersampling = parse.GetValue(supersample),
                Fps = parse.GetValue(fps),
            };
            try
            {
                world.Validate();
            }
            catch (ArgumentOutOfRangeException e)
            {
                throw new CliUsageException(e.Message.Split(" (Parameter", 2)[0]);
            }

            // Enabled plugin modalities the format has no typed tensor for get their ground-truth annotator's output.
            using var services = CliHost.Build(GlobalOptions.Sources(parse));
            var annotations = SyntheticAnnotation.For(services.GetRequiredService<PluginCatalog>(), services.GetRequiredService<ModalityRegistry>());
            var request = new SyntheticDatasetRequest { OutputDirectory = target, Count = count, World = world, Annotations = annotations, Force = parse.GetValue(force) };
            var result = CliProgress.Run("synthesising clips", count, progress => SyntheticDatasetBuilder.Build(request, progress, ct));
            Console.WriteLine($"wrote {result.Clips} clips ({world.Width}x{world.Height}, {world.Frames} frames, {request.World.Split.ToString().ToLowerInvariant()} split) to {result.Directory}");
            if (annotations.Count > 0)
                Console.WriteLine($"plugin modalities from the ground truth: {string.Join(", ", annotations.Select(a => $"{a.StorageKey} ({a.Plugin}, annotator '{a.Annotator.Name}')"))}");
            Console.WriteLine($"manifest: {result.ManifestPath}");
            return 0;
        }, parse.GetValue(GlobalOptions.Verbose))));

        return new Command("data", "Create and inspect datasets (safetensors shards + manifest.jsonl).") { synth, DataAnnotateCommand.Create(), DataShowCommand.Create(), DataEncodeCommand.Create(), DataDecodeCommand.Create() };
    }
}
