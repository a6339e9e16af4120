using System.CommandLine;
using System.Globalization;
using System.Net;
using Microsoft.Extensions.DependencyInjection;
using UnityVideo.Host.Inference;
using UnityVideo.Host.Plugins;
using UnityVideo.Web;

namespace UnityVideo.Cli.Commands;

/// <summary><c>unityvideo serve --checkpoint C [--port 8080]</c>: the local web page (see <see cref="WebServer"/>).</summary>
internal static class ServeCommand
{
    public static Command Create()
    {
        var checkpoint = InferenceOptions.Checkpoint();
        var port = new Option<int>("--port") { Description = "TCP port.", DefaultValueFactory = _ => 8080, HelpName = "N" };
        var host = new Option<string>("--host") { Description = "Address to listen on (default loopback only; 0.0.0.0 opens it to the network).", DefaultValueFactory = _ => "127.0.0.1", HelpName = "ADDRESS" };
        var work = new Option<string>("--work") { Description = "Folder for uploads and results (one sub-folder per job); nothing is written outside it.", DefaultValueFactory = _ => "serve-work", HelpName = "DIR" };
        var samples = new Option<string?>("--samples") { Description = "Held-out dataset whose clips the page offers as samples.", HelpName = "DIR" };
        var reports = new Option<string?>("--reports") { Description = "Folder whose evaluation reports (report.json, up to 3 levels down) the page lists with their panels.", HelpName = "DIR" };
        var maxUpload = new Option<int>("--max-upload-mb") { Description = "Largest accepted upload.", DefaultValueFactory = _ => 64, HelpName = "MB" };
        var maxSeconds = new Option<double>("--max-seconds") { Description = "Longest accepted video.", DefaultValueFactory = _ => 60, HelpName = "S" };
        var keepJobs = new Option<int>("--keep-jobs") { Description = "Finished jobs kept with their videos; older ones are deleted from the work folder (jobs wait in line and run one at a time).", DefaultValueFactory = _ => 20, HelpName = "N" };
        var keepMinutes = new Option<double>("--keep-minutes") { Description = "Minutes a finished job is kept with its videos before it is deleted.", DefaultValueFactory = _ => 60, HelpName = "M" };

        var wan = InferenceOptions.WanFiles();
        var command = new Command("serve", "A local web page: upload a video and watch its estimates beside it, generate from a prompt (and a control video), browse evaluation reports.")
        {
            checkpoint, port, host, work, samples, reports, maxUpload, maxSeconds, keepJobs, keepMinutes, wan.Vae, wan.TextEmbeddings,
        };
        command.SetAction(parse => CliErrors.Run(() =>
        {
            var p = parse.GetValue(port);
            if (p is < 1 or > 65535) throw new CliUsageException($"--port must be 1…65535 (got {p}).");
            var address = parse.GetValue(host)!;
            if (!IPAddress.TryParse(address, out _)) throw new CliUsageException($"--host must be an IP address such as 127.0.0.1 (got '{address}').");
            if (parse.GetValue(maxUpload) < 1) throw new CliUsageException("--max-upload-mb must be at least 1.");
            if (!(parse.GetValue(maxSeconds) > 0)) throw new CliUsageException("--max-seconds must be positive.");
            if (parse.GetValue(keepJobs) < 1) throw new CliUsageException($"--keep-jobs must be at least 1 (got {parse.GetValue(keepJobs)}): a finished job must stay long enough for the page to show it.");
            if (!(parse.GetValue(keepMinutes) > 0) || !double.IsFinite(parse.GetValue(keepMinutes))) throw new CliUsageException(string.Create(CultureInfo.InvariantCulture, $"--keep-minutes must be a positive number of minutes (got {parse.GetValue(keepMinutes)})."));
            var folder = parse.GetValue(work)!;
            if (File.Exists(folder)) throw new CliUsageException($"--work '{folder}' is a file; give a folder.");
            var ckpt = parse.GetValue(checkpoint)!;
            if (!File.Exists(ckpt)) throw new CliUsageException($"checkpoint '{ckpt}' does not exist.");
            Core.Video.Mp4Writer.RequireEncoder(); // every result the page shows is an MP4

            using var services = CliHost.Build(GlobalOptions.Sources(parse, InferenceOptions.WanOverrides(parse, wan)));
            foreach (var w in services.GetRequiredService<PluginCatalog>().Warnings) Console.Error.WriteLine($"warning: {w}");
            var pipeline = services.GetRequiredService<UnityVideoPipeline>();
            var model = pipeline.Load(ckpt); // a bad checkpoint fails here, not on the first request
            var options = new ServeOptions
            {
                Checkpoint = ckpt, WorkFolder = folder, Host = address, Port = p, Samples = parse.GetValue(samples), Reports = parse.GetValue(reports),
                MaxUploadBytes = (long)parse.GetValue(maxUpload) << 20, MaxSeconds = parse.GetValue(maxSeconds),
                KeepJobs = parse.GetValue(keepJobs), KeepMinutes = parse.GetValue(keepMinutes),
            };
            using var cts = new SignalCancellation("stopping the server");
            var server = WebServer.StartAsync(options, pipeline, cts.Token).GetAwaiter().GetResult();
            Console.WriteLine($"model: {model.Describe()}");
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"listening on {server.Address} (work folder {Path.GetFullPath(folder)}; Ctrl+C stops)"));
            try
            {
                server.WaitAsync(cts.Token).GetAwaiter().GetResult();
            }
            catch (OperationCanceledException)
            {
                // Ctrl+C: a normal end.
            }
            server.DisposeAsync().AsTask().GetAwaiter().GetResult();
            return 0;
        }, parse.GetValue(GlobalOptions.Verbose)));
        return command;
    }
}
