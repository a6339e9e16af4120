using System.Collections.Concurrent;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using UnityVideo.Core.Data;
using UnityVideo.Core.Inference;
using UnityVideo.Core.IO;
using UnityVideo.Core.Video;
using UnityVideo.Host.Inference;

namespace UnityVideo.Web;

/// <summary>
/// The local web page of <c>unityvideo serve</c>: upload a video (or pick a held-out sample clip) and watch its estimates
/// beside it; type a prompt (optionally with a control video) and watch the generated RGB and modalities; browse
/// evaluation reports. Estimation and generation go through the same <see cref="UnityVideoPipeline"/> and
/// <see cref="InferenceFiles"/> as the verbs. Work runs in the background; the page polls <c>/api/jobs/ID</c> for
/// progress. Everything written goes under <see cref="ServeOptions.WorkFolder"/>, in a folder per job named by a
/// random id (never by an uploaded file's name) and marked as the server's own. Model jobs wait in a
/// <see cref="JobQueue"/> and run one at a time, so requests (the page, its polling, reports) answer while one runs;
/// finished jobs expire by <see cref="JobRetention"/>, their folders deleted with them.
/// </summary>
public sealed class WebServer : IAsyncDisposable
{
    /// <summary>Extensions accepted for uploads (the content is checked by decoding it, too).</summary>
    public static IReadOnlyList<string> VideoExtensions { get; } = [".mp4", ".avi", ".mkv", ".mov", ".webm", ".mpg", ".mpeg", ".m4v"];

    private readonly WebApplication app;
    private readonly ServeOptions options;
    private readonly UnityVideoPipeline pipeline;
    private readonly ConcurrentDictionary<string, Job> jobs = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, byte> expired = new(StringComparer.Ordinal);
    private readonly string work;
    private readonly string jobsFolder;
    private readonly JobQueue queue;
    private readonly JobRetention retention;
    private readonly Lock sweeping = new();
    private readonly Timer sweeper;
    private readonly (string Name, string[] Modalities, int Frames, int Height, int Width) model;
    private bool started;

    /// <summary>Name of the empty file that marks a job folder as created by <c>serve</c> (only those are ever deleted).</summary>
    public const string JobMarker = ".unityvideo-serve-job";

    private WebServer(WebApplication app, ServeOptions options, UnityVideoPipeline pipeline, IInferenceModel model)
    {
        (this.app, this.options, this.pipeline) = (app, options, pipeline);
        this.model = (model.Describe(), model.Modalities.Names.ToArray(), model.Frames, model.Height, model.Width);
        work = Path.GetFullPath(options.WorkFolder);
        jobsFolder = Path.Combine(work, "jobs");
        retention = new JobRetention(options.KeepJobs, TimeSpan.FromMinutes(options.KeepMinutes));
        queue = new JobQueue(Describe, _ => Sweep());
        sweeper = new Timer(_ => Sweep(), null, TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(30)); // jobs also expire by age while nothing runs
    }

    /// <summary>The address the server listens on.</summary>
    public Uri Address => new($"http://{(options.Host.Contains(':', StringComparison.Ordinal) ? $"[{options.Host}]" : options.Host)}:{options.Port}/");

    /// <summary>Builds and starts the server.</summary>
    /// <exception cref="IOException">The port is in use (the message names it), or the work folder cannot be created.</exception>
    public static async Task<WebServer> StartAsync(ServeOptions options, UnityVideoPipeline pipeline, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(pipeline);
        Directory.CreateDirectory(options.WorkFolder);
        var model = pipeline.Load(options.Checkpoint); // once, before any job holds the model: /api/info never waits for one
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ContentRootPath = Path.GetFullPath(options.WorkFolder), Args = [] });
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k =>
        {
            k.Listen(IPAddress.Parse(options.Host), options.Port);
            // Up to DrainFactor × the upload cap is read to the end even when refused, so the sender gets the message
            // rather than a reset connection; a larger body is cut off.
            k.Limits.MaxRequestBodySize = DrainFactor * options.MaxUploadBytes + (1 << 20);
        });
        builder.Services.Configure<FormOptions>(f => f.MultipartBodyLengthLimit = options.MaxUploadBytes);
        var app = builder.Build();
        var server = new WebServer(app, options, pipeline, model);
        server.SweepEarlierRuns();
        server.Map();
        try
        {
            await app.StartAsync(cancellationToken).ConfigureAwait(false);
            server.started = true;
        }
        catch (IOException e)
        {
            await server.DisposeAsync().ConfigureAwait(false);
            throw new IOException($"cannot listen on {options.Host}:{options.Port}: the port is in use or not allowed ({e.Message.TrimEnd('.')}); choose another with --port.", e);
        }
        return server;
    }

    /// <summary>Runs until <paramref name="cancellationToken"/> is cancelled.</summary>
    public Task WaitAsync(CancellationToken cancellationToken) => app.WaitForShutdownAsync(cancellationToken);

    private void Map()
    {
        app.MapGet("/", () => Results.Content(Page.Html, "text/html; charset=utf-8"));
        app.MapGet("/api/info", Info);
        app.MapPost("/api/estimate", Estimate).DisableAntiforgery();
        app.MapPost("/api/generate", Generate).DisableAntiforgery();
        app.MapGet("/api/jobs/{id}", JobState);
        app.MapGet("/files/{id}/{name}", (string id, string name) => JobFile(id, name));
        app.MapGet("/api/reports", () => Results.Json(Reports().Select((r, i) => new { id = i, name = Path.GetRelativePath(options.Reports!, r) })));
        app.MapGet("/api/reports/{index:int}", (int index) => Report(index));
        app.MapGet("/reports/{index:int}/{**path}", (int index, string path) => ReportFile(index, path));
    }

    private IResult Info()
    {
        var samples = SampleClips();
        return Results.Json(new
        {
            model = model.Name, modalities = model.Modalities, frames = model.Frames, height = model.Height, width = model.Width,
            samples = samples.Select((s, i) => new { id = i, name = Path.GetFileNameWithoutExtension(s.Path), caption = s.Caption }),
            maxUploadMegabytes = options.MaxUploadBytes / (1 << 20), maxSeconds = options.MaxSeconds, videoExtensions = VideoExtensions,
        });
    }

    private List<(string Path, string Caption)> SampleClips()
    {
        if (options.Samples is null || !Directory.Exists(options.Samples)) return [];
        var dataset = ClipDataset.Open(options.Samples);
        return Enumerable.Range(0, dataset.Count).Select(i => (dataset.PathOf(i), dataset.Entries[i].Caption)).ToList();
    }

    // ------------------------------------------------------------------ estimation

    private async Task<IResult> Estimate(HttpRequest request)
    {
        var (form, formError) = await ReadForm(request).ConfigureAwait(false);
        if (form is null) return formError!;
        var modalities = form["modalities"].ToString().Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (modalities.Length == 0) return BadRequest("choose at least one modality to estimate.");
        var job = NewJob("estimate");
        string input;
        if (form.Files.GetFile("video") is { } file)
        {
            var (saved, error) = await SaveVideo(file, job).ConfigureAwait(false);
            if (saved is null) return Drop(job, error!);
            input = saved;
        }
        else if (int.TryParse(form["sample"], out var sample) && SampleClips() is var samples && sample >= 0 && sample < samples.Count)
        {
            input = samples[sample].Path;
        }
        else
        {
            return Drop(job, BadRequest("upload a video or pick a sample clip."));
        }
        var estimation = new EstimationRequest { Checkpoint = options.Checkpoint, Input = input, Modalities = modalities, MaxFrames = options.MaxFrames };
        Run(job, async cancellationToken =>
        {
            var total = pipeline.EstimationTotalSteps(estimation);
            var (done, last, run) = (0, 0, ("", 0));
            using var result = await pipeline.EstimateAsync(estimation, new Core.InlineProgress<InferenceProgress>(p =>
            {
                if ((p.Stage, p.Window) != run) (done, run) = (done + last, (p.Stage, p.Window));
                last = p.Step;
                job.Report($"{p.Stage} (window {p.Window}/{p.Windows})", done + p.Step, total);
            }), cancellationToken).ConfigureAwait(false);
            job.Report("writing videos", total, total);
            var outputs = new Dictionary<string, string>(StringComparer.Ordinal) { ["input"] = WriteInput(job, result) };
            InferenceFiles.WriteEstimates(job.Folder, "estimate", result.Rgb, result.Modalities, pipeline.Plugins, result.Context, result.Fps,
                new Dictionary<string, string>(StringComparer.Ordinal) { ["model"] = result.Model }, OutputFormats.Mp4);
            foreach (var m in result.Modalities.Keys) outputs[m] = $"estimate.{m}.mp4";
            return outputs;
        });
        return Results.Json(job.Snapshot(queue.PositionOf(job)));
    }

    private static string WriteInput(Job job, InferenceResult result)
    {
        using var scope = TorchSharp.torch.NewDisposeScope();
        var k = FrameScale.ToAtLeast((int)result.Rgb.shape[1], (int)result.Rgb.shape[2]);
        Mp4Writer.Write(Path.Combine(job.Folder, "input.mp4"), FrameScale.Upscale(result.Rgb, k), result.Fps > 0 ? result.Fps : 8);
        return "input.mp4";
    }

    // ------------------------------------------------------------------ generation

    private async Task<IResult> Generate(HttpRequest request)
    {
        var (form, formError) = await ReadForm(request).ConfigureAwait(false);
        if (form is null) return formError!;
        var prompt = form["prompt"].ToString().Trim();
        if (prompt.Length == 0) return BadRequest("type a prompt.");
        var modality = form["modality"].ToString().Trim();
        var job = NewJob("generate");
        string? control = null;
        if (form.Files.GetFile("control") is { Length: > 0 } file)
        {
            if (modality.Length == 0) return Drop(job, BadRequest("name the control video's modality."));
            var (saved, error) = await SaveVideo(file, job).ConfigureAwait(false);
            if (saved is null) return Drop(job, error!);
            control = saved;
        }
        var generation = new GenerationRequest
        {
            Checkpoint = options.Checkpoint, Prompt = prompt, Control = control,
            Modalities = modality.Length == 0 ? [] : [modality],
        };
        Run(job, async cancellationToken =>
        {
            var total = pipeline.Sampler(generation.Sampling).Options.Steps;
            using var result = await pipeline.GenerateAsync(generation, new Core.InlineProgress<InferenceProgress>(p => job.Report(p.Stage, p.Step, total)), cancellationToken).ConfigureAwait(false);
            job.Report("writing videos", total, total);
            using var scope = TorchSharp.torch.NewDisposeScope();
            var k = FrameScale.ToAtLeast((int)result.Rgb.shape[1], (int)result.Rgb.shape[2]);
            var outputs = new Dictionary<string, string>(StringComparer.Ordinal) { ["rgb"] = "rgb.mp4" };
            Mp4Writer.Write(Path.Combine(job.Folder, "rgb.mp4"), FrameScale.Upscale(result.Rgb, k), result.Fps);
            foreach (var (m, stored) in result.Modalities)
            {
                var drawn = InferenceFiles.Render(pipeline.Plugins.Get(m), stored, result.Context); // [T, H, W, 3]
                Mp4Writer.Write(Path.Combine(job.Folder, $"{m}.mp4"), FrameScale.Upscale(drawn, k), result.Fps);
                outputs[control is null ? m : $"{m} (control)"] = $"{m}.mp4";
            }
            return outputs;
        });
        return Results.Json(job.Snapshot(queue.PositionOf(job)));
    }

    // ------------------------------------------------------------------ uploads and jobs

    private async Task<(IFormCollection? Form, IResult? Error)> ReadForm(HttpRequest request)
    {
        if (!request.HasFormContentType) return (null, BadRequest("send the form as multipart/form-data."));
        try
        {
            return (await request.ReadFormAsync().ConfigureAwait(false), null);
        }
        catch (Exception e) when (e is InvalidDataException or BadHttpRequestException or IOException)
        {
            await DrainBody(request).ConfigureAwait(false);
            return (null, Results.Json(new { error = $"the upload is larger than this server accepts ({options.MaxUploadBytes / (1 << 20)} MB)." }, statusCode: StatusCodes.Status413PayloadTooLarge));
        }
    }

    /// <summary>How many times the upload cap a refused request body may be, and still be read to its end.</summary>
    private const int DrainFactor = 8;

    /// <summary>
    /// Reads the rest of a refused upload and discards it: a server that answers while the client is still sending
    /// closes the connection under it, and the client (a browser too) sees a broken pipe instead of the 413 message.
    /// </summary>
    private static async Task DrainBody(HttpRequest request)
    {
        var buffer = new byte[81920];
        try
        {
            while (await request.Body.ReadAsync(buffer).ConfigureAwait(false) > 0) { }
        }
        catch (Exception e) when (e is BadHttpRequestException or IOException or InvalidOperationException)
        {
            // Over Kestrel's limit, or the client went away: nothing more to read.
        }
    }

    /// <summary>Saves an uploaded video into the job's folder under a fixed name and checks it decodes, within the caps.</summary>
    private async Task<(string? Path, IResult? Error)> SaveVideo(IFormFile file, Job job)
    {
        var shown = Path.GetFileName(file.FileName);
        var extension = Path.GetExtension(shown).ToLowerInvariant();
        if (!VideoExtensions.Contains(extension))
            return (null, BadRequest($"'{shown}' is not a video file (accepted: {string.Join(", ", VideoExtensions)})."));
        if (file.Length == 0) return (null, BadRequest($"'{shown}' is empty (0 bytes)."));
        if (file.Length > options.MaxUploadBytes) return (null, BadRequest($"'{shown}' is larger than this server accepts ({options.MaxUploadBytes / (1 << 20)} MB)."));
        var path = Path.Combine(job.Folder, "upload" + extension);
        await using (var target = File.Create(path))
            await file.CopyToAsync(target).ConfigureAwait(false);
        VideoInfo info;
        try
        {
            info = VideoReader.Probe(path);
        }
        catch (VideoFormatException e)
        {
            return (null, BadRequest($"'{shown}' is not a video that can be read: {e.Message[(path.Length + 2)..]}."));
        }
        if (info.Seconds > options.MaxSeconds || info.FrameCount > options.MaxFrames)
            return (null, BadRequest(FormattableString.Invariant($"'{shown}' is too long: {info.Seconds:F1} s, {info.FrameCount} frames; this server accepts up to {options.MaxSeconds:F0} s and {options.MaxFrames} frames.")));
        return (path, null);
    }

    private Job NewJob(string kind)
    {
        var id = Guid.NewGuid().ToString("N")[..16];
        var folder = Path.Combine(jobsFolder, id);
        Directory.CreateDirectory(folder);
        File.WriteAllBytes(Path.Combine(folder, JobMarker), []);
        var job = new Job(id, kind, folder);
        jobs[id] = job;
        return job;
    }

    private IResult Drop(Job job, IResult error)
    {
        jobs.TryRemove(job.Id, out _);
        FolderSwap.DeleteTree(job.Folder);
        return error;
    }

    private void Run(Job job, Func<CancellationToken, Task<Dictionary<string, string>>> work) => queue.Enqueue(job, work);

    private static string Describe(Exception e) =>
        e is InferenceException or VideoFormatException or VideoEncoderException or DatasetFormatException or IOException ? e.Message : $"internal error: {e.Message}";

    private IResult JobState(string id)
    {
        if (jobs.TryGetValue(id, out var job)) return Results.Json(job.Snapshot(queue.PositionOf(job)));
        if (expired.ContainsKey(id))
            return Results.Json(new { error = FormattableString.Invariant($"job '{id}' has expired: this server keeps its last {options.KeepJobs} finished jobs for {options.KeepMinutes:0.##} minutes, then deletes their videos.") }, statusCode: StatusCodes.Status410Gone);
        return NotFound($"no job '{id}'");
    }

    // ------------------------------------------------------------------ expiry

    /// <summary>Forgets the expired finished jobs and deletes their folders.</summary>
    private void Sweep()
    {
        lock (sweeping)
        {
            foreach (var job in retention.Expired(jobs.Values, DateTimeOffset.UtcNow))
            {
                if (!jobs.TryRemove(job.Id, out _)) continue;
                expired[job.Id] = 0;
                DeleteJobFolder(job.Folder);
            }
            // Remember expired ids only as long as a page might still poll them.
            if (expired.Count > 10_000) expired.Clear();
        }
    }

    /// <summary>
    /// Job folders an earlier <c>serve</c> left in this work folder (marked as its own) that are older than the retention
    /// allows; anything else there is not the server's to delete.
    /// </summary>
    private void SweepEarlierRuns()
    {
        if (!Directory.Exists(jobsFolder)) return;
        var cutoff = DateTime.UtcNow - retention.KeepFor;
        foreach (var folder in Directory.EnumerateDirectories(jobsFolder))
        {
            var marker = Path.Combine(folder, JobMarker);
            if (File.Exists(marker) && Directory.GetLastWriteTimeUtc(folder) < cutoff) DeleteJobFolder(folder);
        }
    }

    // Only a folder directly under work/jobs that carries the server's marker: whatever else a user keeps there stays.
    private void DeleteJobFolder(string folder)
    {
        var full = Path.GetFullPath(folder);
        if (!string.Equals(Path.GetDirectoryName(full), jobsFolder, StringComparison.Ordinal) || !File.Exists(Path.Combine(full, JobMarker))) return;
        try
        {
            FolderSwap.DeleteTree(full);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // A file still open (a browser streaming a video) keeps the folder until a later sweep.
        }
    }

    private IResult JobFile(string id, string name)
    {
        if (!jobs.TryGetValue(id, out var job) || !job.Outputs.Values.Contains(name, StringComparer.Ordinal)) return NotFound($"no file '{name}' in job '{id}'");
        return Results.File(Path.Combine(job.Folder, name), "video/mp4", enableRangeProcessing: true);
    }

    // ------------------------------------------------------------------ evaluation reports

    private List<string> Reports()
    {
        if (options.Reports is null || !Directory.Exists(options.Reports)) return [];
        return Directory.EnumerateFiles(options.Reports, "report.json", new EnumerationOptions { RecurseSubdirectories = true, MaxRecursionDepth = 3 })
            .Select(f => Path.GetDirectoryName(Path.GetFullPath(f))!).Order(StringComparer.Ordinal).ToList();
    }

    private IResult Report(int index)
    {
        var reports = Reports();
        if (index < 0 || index >= reports.Count) return NotFound($"no report {index}");
        var folder = reports[index];
        var markdown = Path.Combine(folder, "report.md");
        var panels = Directory.Exists(Path.Combine(folder, "panels"))
            ? Directory.GetFiles(Path.Combine(folder, "panels")).Select(p => "panels/" + Path.GetFileName(p)).Where(p => p.EndsWith(".png", StringComparison.Ordinal) || p.EndsWith(".mp4", StringComparison.Ordinal)).Order(StringComparer.Ordinal).ToList()
            : [];
        return Results.Json(new { name = Path.GetRelativePath(options.Reports!, folder), markdown = File.Exists(markdown) ? File.ReadAllText(markdown) : "", panels = panels.Select(p => $"/reports/{index}/{p}") });
    }

    private IResult ReportFile(int index, string path)
    {
        var reports = Reports();
        if (index < 0 || index >= reports.Count) return NotFound($"no report {index}");
        var root = reports[index] + Path.DirectorySeparatorChar;
        var full = Path.GetFullPath(Path.Combine(root, path));
        // Only files inside the report's folder, whatever the path says.
        if (!full.StartsWith(root, StringComparison.Ordinal) || !File.Exists(full)) return NotFound($"no file '{path}' in report {index}");
        var type = Path.GetExtension(full) switch { ".png" => "image/png", ".gif" => "image/gif", ".mp4" => "video/mp4", ".md" => "text/markdown", ".json" => "application/json", _ => "application/octet-stream" };
        return Results.File(full, type, enableRangeProcessing: true);
    }

    private static IResult BadRequest(string message) => Results.Json(new { error = message }, statusCode: StatusCodes.Status400BadRequest);

    private static IResult NotFound(string message) => Results.Json(new { error = message }, statusCode: StatusCodes.Status404NotFound);

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await sweeper.DisposeAsync().ConfigureAwait(false);
        await queue.DisposeAsync().ConfigureAwait(false);
        if (started) await app.StopAsync().ConfigureAwait(false);
        await app.DisposeAsync().ConfigureAwait(false);
    }
}
