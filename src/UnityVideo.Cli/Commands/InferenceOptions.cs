using System.CommandLine;
using UnityVideo.Core.Inference;
using UnityVideo.Host.Inference;
using UnityVideo.Core.Diffusion;

namespace UnityVideo.Cli.Commands;

/// <summary>Options shared by the sampling verbs (estimate, generate, eval) and their parsing.</summary>
internal static class InferenceOptions
{
    public static Option<string> Checkpoint(bool required = true) => new("--checkpoint")
    {
        Description = "Model checkpoint: a run's model.safetensors, a training checkpoint (its EMA weights are used when present), or 'reference' for the model that ships in models/reference.",
        Required = required, HelpName = "FILE",
    };

    public static Option<int?> Steps(string description = "Solver steps of generated videos (default Sampling:Steps; estimates take Sampling:EstimationSteps).") =>
        new("--steps") { Description = description, HelpName = "N" };

    public static Option<string?> Sampler() => new("--sampler") { Description = "ODE solver: euler or heun (default Sampling:Sampler).", HelpName = "NAME" };

    public static Option<long?> Seed() => new("--seed") { Description = "Seed of the initial noise (default Sampling:Seed).", HelpName = "S" };

    /// <summary>--format: which files to write (several allowed: <c>--format mp4 gif</c> or <c>--format mp4,gif</c>).</summary>
    public static Option<string[]> Format(string what) => new("--format")
    {
        Description = $"Files to write, one or several of mp4, gif, png, safetensors (default: safetensors, mp4 and gif). {what} MP4 and PNG need Debian's ffmpeg.",
        HelpName = "mp4|gif|png|safetensors", AllowMultipleArgumentsPerToken = true,
    };

    /// <summary>The formats named with --format, or the default.</summary>
    public static OutputFormats Formats(ParseResult parse, Option<string[]> format, OutputFormats fallback = OutputFormats.Default)
    {
        var named = parse.GetValue(format);
        if (named is null || named.Length == 0)
        {
            // Unasked-for MP4 is dropped when ffmpeg is missing, so the defaults work on a machine with only the .NET SDK.
            if (!fallback.HasFlag(OutputFormats.Mp4) || Core.Video.Mp4Writer.IsAvailable) return fallback;
            Console.Error.WriteLine("note: ffmpeg with libx264 not found: no MP4 output (install the Debian package ffmpeg, or name --format to silence this)");
            return fallback & ~OutputFormats.Mp4;
        }
        try
        {
            return OutputFormatNames.Parse(named);
        }
        catch (ArgumentException e)
        {
            throw new CliUsageException($"--format: {e.Message}");
        }
    }

    /// <summary>--vae and --text-embeddings: what a checkpoint on the Wan backbone needs besides itself (Model:Wan:Vae, Model:Wan:TextEmbeddings).</summary>
    public static (Option<string?> Vae, Option<string?> TextEmbeddings) WanFiles() => (
        new("--vae") { Description = "For a Wan model: the Wan2.1 VAE's weights (safetensors) that encode its inputs and decode its outputs (sets Model:Wan:Vae).", HelpName = "FILE" },
        new("--text-embeddings") { Description = "For a Wan model: precomputed umT5 embeddings of the prompts (the latent dataset's text-embeddings.safetensors; sets Model:Wan:TextEmbeddings).", HelpName = "FILE" });

    /// <summary>The configuration keys --vae and --text-embeddings set, for <see cref="GlobalOptions.Sources"/>.</summary>
    public static IEnumerable<(string Option, string Override)> WanOverrides(ParseResult parse, (Option<string?> Vae, Option<string?> TextEmbeddings) options)
    {
        if (parse.GetValue(options.Vae) is { } vae) yield return (options.Vae.Name, $"Model:Wan:Vae={Path.GetFullPath(vae)}");
        if (parse.GetValue(options.TextEmbeddings) is { } texts) yield return (options.TextEmbeddings.Name, $"Model:Wan:TextEmbeddings={Path.GetFullPath(texts)}");
    }

    /// <summary>--panels of eval and eval curve: how many clips get picture panels (0: metrics only, no image encoder needed).</summary>
    public static Option<int> Panels() => new("--panels")
    {
        Description = "Clips (from the first) that get picture panels; 0 writes the report only, which needs no image or video encoder.",
        DefaultValueFactory = _ => 2, HelpName = "N",
    };

    /// <summary>The value of --panels, checked.</summary>
    public static int PanelClips(ParseResult parse, Option<int> panels) =>
        parse.GetValue(panels) is var n and >= 0 ? n : throw new CliUsageException($"--panels must be ≥ 0 (got {parse.GetValue(panels)}).");

    public static Option<bool> Force() => new("--force") { Description = "Overwrite output files that exist." };

    /// <summary>The sampling overrides named on the command line.</summary>
    public static SamplingOverrides Overrides(ParseResult parse, Option<int?> steps, Option<string?> sampler, Option<long?> seed, Option<double?>? cfg = null)
    {
        var n = parse.GetValue(steps);
        if (n is < 1) throw new CliUsageException($"--steps must be at least 1 (got {n}).");
        SamplerKind? kind = parse.GetValue(sampler) switch
        {
            null => null,
            var s when s.Equals("euler", StringComparison.OrdinalIgnoreCase) => SamplerKind.Euler,
            var s when s.Equals("heun", StringComparison.OrdinalIgnoreCase) => SamplerKind.Heun,
            var s => throw new CliUsageException($"--sampler must be euler or heun (got '{s}')."),
        };
        var scale = cfg is null ? null : parse.GetValue(cfg);
        if (scale is { } c && !(c >= 0)) throw new CliUsageException($"--cfg must be ≥ 0 (got {c}).");
        return new SamplingOverrides { Steps = n, Sampler = kind, Seed = parse.GetValue(seed), CfgScale = scale };
    }

    /// <summary>Modality names from a comma-separated option value (e.g. "depth,flow").</summary>
    public static IReadOnlyList<string> Modalities(string? value) =>
        value is null ? [] : value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Distinct(StringComparer.Ordinal).ToList();

    /// <summary>An output folder must not be an existing file.</summary>
    public static string OutputFolder(string path)
    {
        if (File.Exists(path)) throw new CliUsageException($"--out '{path}' is a file; give a folder.");
        return path;
    }
}
