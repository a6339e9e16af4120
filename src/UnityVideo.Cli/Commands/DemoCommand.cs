using UnityVideo.Core;
using System.CommandLine;
using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using UnityVideo.Core.Evaluation;
using UnityVideo.Host.Demo;

namespace UnityVideo.Cli.Commands;

/// <summary>
/// <c>unityvideo demo [--out DIR] [--minutes M]</c>: synthesise, train through both curriculum stages and all three
/// tasks, evaluate on held-out clips, write report.md. Thin: <see cref="DemoRunner"/> does the work.
/// </summary>
internal static class DemoCommand
{
    /// <summary>
    /// Training settings of the demo when no --config is given: depth and flow drawn 4× as often as the other
    /// modalities, an estimation-heavy task mix (.2/.5/.3 instead of the paper's .2/.3/.5), two clips a step
    /// (four times the steps of a batch of 8 in the same minutes; docs/decisions.md, "Clips per step"), and each
    /// token told its place in the frame (docs/decisions.md, "Frame positions at the demo's full budget").
    /// </summary>
    public static IReadOnlyList<string> DemoDefaults { get; } =
    [
        "Training:BatchSize=2",
        "Training:ModalityWeights:depth=4", "Training:ModalityWeights:flow=4",
        "Training:TaskProbabilities:ConditionalGeneration=0.2", "Training:TaskProbabilities:Estimation=0.5", "Training:TaskProbabilities:JointGeneration=0.3",
        "Model:FramePositions=true",
    ];

    public static Command Create()
    {
        var outDir = new Option<string>("--out") { Description = "Demo folder: data/, run/ (checkpoints, loss.png), eval/ (report.json, panels/), report.md.", DefaultValueFactory = _ => "runs/demo", HelpName = "DIR" };
        var minutes = new Option<double>("--minutes") { Description = "Wall-clock budget; training gets what synthesis and evaluation leave, sized from a measured step time.", DefaultValueFactory = _ => 15, HelpName = "M" };
        var steps = new Option<int?>("--steps") { Description = "Train exactly N steps instead of sizing the run to the budget.", HelpName = "N" };
        var clips = new Option<int>("--train-clips") { Description = "Synthetic training clips.", DefaultValueFactory = _ => 256, HelpName = "N" };
        var evalClips = new Option<int>("--eval-clips") { Description = "Held-out clips UniBench evaluates (every modality, every task).", DefaultValueFactory = _ => 3, HelpName = "N" };
        var samplerSteps = new Option<int>("--sampler-steps") { Description = "Solver steps per sample during evaluation.", DefaultValueFactory = _ => 10, HelpName = "N" };
        var fps = new Option<double>("--fps") { Description = "Frame rate of the synthesised clips: how far things move between frames (at 4, about half a pixel at 32²).", DefaultValueFactory = _ => 4, HelpName = "F" };
        var seed = new Option<int>("--seed") { Description = "Seed of data, weights and sampling noise.", DefaultValueFactory = _ => 0, HelpName = "S" };
        var device = DeviceOption.Create();
        var force = new Option<bool>("--force") { Description = "Replace the contents of a non-empty demo folder." };
        var noReference = new Option<bool>("--no-reference")
        {
            Description = "Do not evaluate the shipped model (models/reference) on the held-out clips; by default it is, when it fits them, and its minute comes out of the training budget.",
        };
        var noNormals = new Option<bool>("--no-normals")
        {
            Description = "Do not show the sixth modality: by default the surface-normals sample plugin is dropped into a plugin folder and learnt twice, from the shipped model and from scratch (its minutes come out of the training budget).",
        };
        var normalsSteps = new Option<int?>("--normals-steps") { Description = "Training steps of each normals run (default: as many as see 200 clips, 100 at the demo's 2 clips a step).", HelpName = "N" };
        var demo = new Command("demo", "Synthesise data, train the tiny model through both curriculum stages and all three tasks, evaluate on held-out clips, and write report.md with GIF panels.")
        {
            outDir, minutes, steps, clips, evalClips, samplerSteps, fps, seed, device, force, noReference, noNormals, normalsSteps,
        };
        demo.SetAction(parse => CliErrors.Run(() =>
        {
            var sources = GlobalOptions.Sources(parse, [.. DeviceOption.Override(parse, device)]);
            // Without an experiment file the demo spends its short budget where its report looks: depth and flow
            // estimation. --set still wins (it comes later); --config replaces these defaults entirely.
            if (sources.ConfigFile is null) sources = sources with { Overrides = [.. DemoDefaults, .. sources.Overrides] };
            var request = new DemoRequest
            {
                OutputDirectory = parse.GetValue(outDir)!, Minutes = parse.GetValue(minutes), Steps = parse.GetValue(steps), TrainClips = parse.GetValue(clips),
                EvalClips = parse.GetValue(evalClips), TestClips = Math.Max(8, parse.GetValue(evalClips)), SamplerSteps = parse.GetValue(samplerSteps),
                Fps = parse.GetValue(fps), Seed = parse.GetValue(seed), Force = parse.GetValue(force), Reference = !parse.GetValue(noReference),
                Normals = !parse.GetValue(noNormals), NormalsSteps = parse.GetValue(normalsSteps),
            };
            try
            {
                DemoRunner.Validate(request);
            }
            catch (ArgumentException e)
            {
                throw new CliUsageException(e.Message);
            }
            using var services = CliHost.BuildForPixelDiT(sources, "demo");
            var runner = services.GetRequiredService<DemoRunner>();

            // Ctrl+C / SIGTERM: stop after the current step or clip; what finished stays on disk.
            using var cts = new SignalCancellation("stopping the demo after the current step (send it again to quit at once)");

            var started = DateTime.Now;
            var result = runner.Run(request, new InlineProgress<DemoProgress>(p => Console.WriteLine($"[{(DateTime.Now - started):mm\\:ss}] {p.Stage,-9} {p.Message}")), cts.Token);

            var inv = CultureInfo.InvariantCulture;
            Console.WriteLine();
            string Verdict(BaselineComparison c) => string.Create(inv,
                $"{c.Modality} {c.Metric}: model {c.Model:0.000} vs {c.Baseline} baseline {c.BaselineValue:0.000} ({(c.ModelBetter ? "model better" : $"model not better by {DemoReport.Margin:P0}")})");
            if (result.Reference is { } reference)
                foreach (var c in DemoReport.Compare(reference)) Console.WriteLine("shipped model: " + Verdict(c));
            foreach (var c in DemoReport.Compare(result.Evaluation)) Console.WriteLine(Verdict(c));
            if (result.Normals is { FineTuned: { } tuned, Scratch: { } scratch } normals)
            {
                string Angle(BenchmarkReport r) => r.Estimation.GetValueOrDefault(NormalsDemo.Modality)?.TryGetValue("mean_angle", out var a) == true ? a.ToString("0.0", inv) + "°" : "–";
                Console.WriteLine($"normals after {normals.Steps} steps: mean angle {Angle(tuned)} from the shipped model, {Angle(scratch)} from scratch");
            }
            Console.WriteLine(string.Create(inv, $"demo finished in {result.Elapsed:mm\\:ss}"));
            Console.WriteLine($"report:     {result.ReportPath}");
            Console.WriteLine($"loss plot:  {result.Training.PlotPath}");
            Console.WriteLine($"model:      {result.Training.ModelPath}");
            Console.WriteLine($"unibench:   {Path.Combine(result.EvaluationDirectory, "report.md")}");
            Console.WriteLine($"panels:     {Path.Combine(result.EvaluationDirectory, "panels")}");
            if (result.ReferenceDirectory is { } referenceDir) Console.WriteLine($"shipped:    {Path.Combine(referenceDir, "report.md")}");
            return 0;
        }, parse.GetValue(GlobalOptions.Verbose)));
        return demo;
    }

}
