using System.Net;
using System.Text.Json;
using UnityVideo.Tests.Inference;
using static UnityVideo.Tests.Web.ServeHttp;

namespace UnityVideo.Tests.Web;

/// <summary>
/// Job hygiene of <c>unityvideo serve</c>, over HTTP against the real process: one model job at a time with a visible
/// place in line, the page answering while a job runs, finished jobs expiring with their folders, and nothing deleted
/// that the server did not make.
/// </summary>
public sealed class ServeJobTests(InferenceFixture fixture) : IClassFixture<InferenceFixture>
{
    private const string Marker = ".unityvideo-serve-job";

    [Fact]
    public void While_a_long_job_runs_the_page_answers_and_later_jobs_wait_in_line_with_their_place()
    {
        using var dir = new TempDir();
        // A generation of a million solver steps runs for as long as the test needs it to.
        using var serve = new ServeProcess(fixture.ModelPath, dir.File("work"), "--samples", fixture.Data, "--set", "Sampling:Steps=1000000");
        using var http = new HttpClient { BaseAddress = serve.Address, Timeout = TimeSpan.FromMinutes(2) };

        var first = Post(http, "/api/generate", ("prompt", "a box"));
        Assert.Equal(HttpStatusCode.OK, first.Status);
        var id = first.Body.GetProperty("id").GetString()!;
        var running = Until(() => Get(http, $"/api/jobs/{id}"), s => s.GetProperty("state").GetString() == "running" && s.GetProperty("done").GetInt32() > 0);
        Assert.Equal(1_000_000, running.GetProperty("total").GetInt32());

        var info = Get(http, "/api/info"); // loading the page needs this while the model is busy
        Assert.True(info.GetProperty("frames").GetInt32() > 0);
        Assert.Contains("<html", Text(http, "/"), StringComparison.OrdinalIgnoreCase);
        var second = Post(http, "/api/generate", ("prompt", "a ball"));
        var third = Post(http, "/api/estimate", ("sample", "0"), ("modalities", "depth"));

        Assert.Equal(("queued", 1), (second.Body.GetProperty("state").GetString(), second.Body.GetProperty("queuePosition").GetInt32()));
        Assert.Equal(("queued", 2), (third.Body.GetProperty("state").GetString(), third.Body.GetProperty("queuePosition").GetInt32()));
        Assert.Contains("queued: next in line", second.Body.GetProperty("stage").GetString(), StringComparison.Ordinal);
        var later = Get(http, $"/api/jobs/{id}");
        Assert.Equal("running", later.GetProperty("state").GetString()); // all of the above was answered while it ran
        Assert.True(later.GetProperty("done").GetInt32() >= running.GetProperty("done").GetInt32());
        Assert.Equal(1, Get(http, $"/api/jobs/{second.Body.GetProperty("id").GetString()}").GetProperty("queuePosition").GetInt32());
    }

    [Fact]
    public void Finished_jobs_expire_with_their_folders_and_nothing_else_in_the_work_folder_is_touched()
    {
        using var dir = new TempDir();
        var work = dir.File("work");
        var jobs = Path.Combine(work, "jobs");
        // The user's own things in the work folder, and two job folders an earlier serve left: one old, one recent.
        Directory.CreateDirectory(Path.Combine(jobs, "mine"));
        File.WriteAllText(Path.Combine(jobs, "mine", "keep.txt"), "mine");
        File.WriteAllText(Path.Combine(work, "notes.txt"), "mine");
        var old = Path.Combine(jobs, "0123456789abcdef");
        var recent = Path.Combine(jobs, "fedcba9876543210");
        foreach (var f in new[] { old, recent })
        {
            Directory.CreateDirectory(f);
            File.WriteAllBytes(Path.Combine(f, Marker), []);
        }
        var hoursAgo = DateTime.UtcNow.AddHours(-3);
        Directory.CreateDirectory(Path.Combine(jobs, "stale-unmarked"));
        Directory.SetLastWriteTimeUtc(Path.Combine(jobs, "stale-unmarked"), hoursAgo);
        Directory.SetLastWriteTimeUtc(old, hoursAgo);

        using var serve = new ServeProcess(fixture.ModelPath, work, "--samples", fixture.Data, "--keep-jobs", "1", "--keep-minutes", "60");
        using var http = new HttpClient { BaseAddress = serve.Address, Timeout = TimeSpan.FromMinutes(2) };
        Assert.False(Directory.Exists(old), "an earlier run's job older than --keep-minutes is deleted at start");
        Assert.True(Directory.Exists(recent), "an earlier run's recent job is kept");

        var a = Finished(http, Post(http, "/api/estimate", ("sample", "0"), ("modalities", "depth")));
        Assert.True(File.Exists(Path.Combine(jobs, a, "estimate.depth.mp4")));
        var b = Finished(http, Post(http, "/api/estimate", ("sample", "1"), ("modalities", "depth")));

        var gone = Until(() => GetRaw(http, $"/api/jobs/{a}"), r => r.Status == HttpStatusCode.Gone);
        Assert.Contains($"job '{a}' has expired: this server keeps its last 1 finished jobs for 60 minutes", gone.Body.GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(jobs, a)), "the expired job's folder is deleted");
        Assert.Equal(HttpStatusCode.NotFound, GetRaw(http, $"/files/{a}/estimate.depth.mp4").Status);
        Assert.Equal("done", Get(http, $"/api/jobs/{b}").GetProperty("state").GetString());
        Assert.True(File.Exists(Path.Combine(jobs, b, "estimate.depth.mp4")), "the newest finished job is kept");
        Assert.Equal("mine", File.ReadAllText(Path.Combine(jobs, "mine", "keep.txt")));
        Assert.Equal("mine", File.ReadAllText(Path.Combine(work, "notes.txt")));
        Assert.True(Directory.Exists(Path.Combine(jobs, "stale-unmarked")), "a folder serve did not mark is never deleted");
        Assert.Equal(HttpStatusCode.NotFound, GetRaw(http, "/api/jobs/nosuchjob").Status);
    }

    [Fact]
    public void Keep_settings_that_would_drop_jobs_before_they_are_seen_are_refused()
    {
        using var dir = new TempDir();
        var r = Cli.CliRunner.Run("serve", "--checkpoint", fixture.ModelPath, "--work", dir.File("work"), "--keep-jobs", "0");
        Assert.Equal(1, r.ExitCode);
        Assert.Contains("--keep-jobs must be at least 1", r.Stderr, StringComparison.Ordinal);
        var m = Cli.CliRunner.Run("serve", "--checkpoint", fixture.ModelPath, "--work", dir.File("work"), "--keep-minutes", "0");
        Assert.Equal(1, m.ExitCode);
        Assert.Contains("--keep-minutes must be a positive number of minutes", m.Stderr, StringComparison.Ordinal);
    }
}
