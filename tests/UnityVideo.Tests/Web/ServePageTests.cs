using System.Net;
using System.Net.Sockets;
using OpenQA.Selenium;
using OpenQA.Selenium.Chrome;
using OpenQA.Selenium.Support.UI;
using UnityVideo.Tests.Cli;
using UnityVideo.Tests.Inference;
using UnityVideo.Tests.VideoFiles;

namespace UnityVideo.Tests.Web;

/// <summary>
/// The serve page in Debian's headless chromium (through chromium-driver): upload, estimates playing, generation,
/// errors. With UNITYVIDEO_SCREENSHOTS=DIR the page is also photographed into DIR.
/// </summary>
public sealed class ServePageTests(InferenceFixture fixture) : IClassFixture<InferenceFixture>
{
    private const string Chromium = "/usr/bin/chromium";
    private const string Driver = "/usr/bin/chromedriver";
    private const string Vtest = "/usr/share/doc/opencv-doc/examples/data/vtest.avi";

    [Fact]
    public void An_uploaded_clip_is_estimated_and_plays_and_a_bad_upload_shows_the_error()
    {
        using var dir = new TempDir();
        using var serve = new ServeProcess(fixture.ModelPath, dir.File("work"), "--samples", fixture.Data, "--reports", dir.File("reports"));
        using var browser = Browser();
        var shots = Environment.GetEnvironmentVariable("UNITYVIDEO_SCREENSHOTS");
        void Shot(string name)
        {
            if (string.IsNullOrEmpty(shots)) return;
            Directory.CreateDirectory(shots);
            // Still pictures of moving videos: every video paused halfway, without its control bar.
            ((IJavaScriptExecutor)browser).ExecuteAsyncScript("""
                const done = arguments[arguments.length - 1];
                const videos = [...document.querySelectorAll('video')];
                Promise.all(videos.map(v => new Promise(r => { v.pause(); v.controls = false; v.addEventListener('seeked', r, { once: true }); v.currentTime = v.duration / 2; })))
                  .then(() => done());
                """);
            ((ITakesScreenshot)browser).GetScreenshot().SaveAsFile(Path.Combine(shots, name + ".png"));
        }
        var wait = new WebDriverWait(browser, TimeSpan.FromMinutes(2));
        browser.Navigate().GoToUrl(serve.Address);
        wait.Until(d => d.FindElements(By.CssSelector("#modalities input")).Count > 0);

        // 1. A short clip: its input and depth estimate appear as playable videos.
        var clip = VideoFixtures.Write(dir.File("walk.avi"), count: 6, fps: 10, height: 24, width: 32);
        if (!string.IsNullOrEmpty(shots) && File.Exists(Vtest))
        {
            // For pictures, real footage: the first 6 frames of OpenCV's sample video (Debian's opencv-doc).
            using var real = Core.Video.VideoReader.ReadAll(Vtest, 96, 128, maxFrames: 795);
            Core.Video.VideoFileWriter.Write(clip, real.Frames.narrow(0, 0, 6), 10);
        }
        browser.FindElement(By.Id("video")).SendKeys(clip);
        Shot("1-upload");
        browser.FindElement(By.Id("estimate")).Click();
        wait.Until(d => d.FindElements(By.CssSelector("#estimate-out video")).Count == 2);
        var js = (IJavaScriptExecutor)browser;
        wait.Until(_ => true.Equals(js.ExecuteScript("return [...document.querySelectorAll('#estimate-out video')].every(v => v.readyState >= 2 && v.duration > 0 && !v.error);")));
        var duration = Convert.ToDouble(js.ExecuteScript("return document.querySelector('#estimate-out video[data-label=depth]').duration;"), System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(duration, 0.5, 0.7); // 6 frames at 10 fps
        Shot("2-estimates-playing");

        // 2. A file that is not a video: the page says so.
        File.WriteAllText(dir.File("notes.txt"), "not a video");
        browser.Navigate().Refresh();
        wait.Until(d => d.FindElements(By.CssSelector("#modalities input")).Count > 0);
        browser.FindElement(By.Id("video")).SendKeys(dir.File("notes.txt"));
        browser.FindElement(By.Id("estimate")).Click();
        var error = wait.Until(d => d.FindElements(By.CssSelector("#estimate-status .error")).FirstOrDefault());
        Assert.Contains("'notes.txt' is not a video file", error!.Text, StringComparison.Ordinal);
        Shot("4-error");

        // 3. Generation from a prompt: the RGB and a modality play.
        if (!string.IsNullOrEmpty(shots))
        {
            js.ExecuteScript("document.getElementById('control-modality').value = 'depth';");
            browser.FindElement(By.Id("generate")).Click();
            wait.Until(d => d.FindElements(By.CssSelector("#generate-out video")).Count == 2);
            wait.Until(_ => true.Equals(js.ExecuteScript("return [...document.querySelectorAll('#generate-out video')].every(v => v.readyState >= 2);")));
            Shot("3-generation");
        }
        Assert.Empty(Directory.EnumerateFileSystemEntries(dir.Path).Select(Path.GetFileName).Except(["work", "walk.avi", "notes.txt"])); // nothing outside the work folder
    }

    [Fact]
    public void Uploads_that_are_empty_too_long_or_too_large_are_refused_with_a_message()
    {
        using var dir = new TempDir();
        using var serve = new ServeProcess(fixture.ModelPath, dir.File("work"), "--max-seconds", "1", "--max-upload-mb", "1");
        using var http = new HttpClient { BaseAddress = serve.Address };
        string Post(string name, byte[] bytes, out HttpStatusCode status)
        {
            using var form = new MultipartFormDataContent { { new ByteArrayContent(bytes), "video", name }, { new StringContent("depth"), "modalities" } };
            using var response = http.PostAsync("/api/estimate", form).GetAwaiter().GetResult();
            status = response.StatusCode;
            return response.Content.ReadAsStringAsync().GetAwaiter().GetResult();
        }

        Assert.Contains("'empty.mp4' is empty (0 bytes)", Post("empty.mp4", [], out var s1), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, s1);
        var longer = VideoFixtures.Write(dir.File("long.avi"), count: 15, fps: 10); // 1.5 s
        Assert.Contains("'long.avi' is too long: 1.5 s, 15 frames; this server accepts up to 1 s", Post("long.avi", File.ReadAllBytes(longer), out var s2), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, s2);
        // 6 MB is more than the socket buffers hold: the server must read the refused body to the end, or the client
        // gets a broken pipe instead of the message.
        Assert.Contains("larger than this server accepts (1 MB)", Post("big.mp4", new byte[6 << 20], out var s3), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, s3);
        // A name that climbs out of the folder is only a label: the upload is stored under the job's own name.
        Assert.Contains("'escape.mp4' is not a video that can be read", Post("../../escape.mp4", [1, 2, 3], out _), StringComparison.Ordinal);
        Assert.False(File.Exists(dir.File("escape.mp4")) || File.Exists(Path.Combine(Path.GetDirectoryName(dir.Path)!, "escape.mp4")));
        Assert.Equal(["work"], Directory.EnumerateFileSystemEntries(dir.Path).Select(Path.GetFileName).Where(n => n != "long.avi"));
    }

    [Fact]
    public void A_port_in_use_is_one_clear_error()
    {
        using var dir = new TempDir();
        var taken = new TcpListener(IPAddress.Loopback, 0);
        taken.Start();
        try
        {
            var port = ((IPEndPoint)taken.LocalEndpoint).Port;
            var r = CliRunner.Run("serve", "--checkpoint", fixture.ModelPath, "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--work", dir.File("work"));
            Assert.Equal(1, r.ExitCode);
            var error = Assert.Single(r.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries), l => l.StartsWith("error:", StringComparison.Ordinal));
            Assert.Contains($"cannot listen on 127.0.0.1:{port}: the port is in use", error, StringComparison.Ordinal);
            Assert.Contains("--port", error, StringComparison.Ordinal);
        }
        finally
        {
            taken.Stop();
        }
    }

    private static ChromeDriver Browser()
    {
        Assert.True(File.Exists(Chromium) && File.Exists(Driver),
            $"the browser test needs Debian's chromium and chromium-driver ({Chromium}, {Driver}): sudo apt-get install chromium chromium-driver");
        var options = new ChromeOptions { BinaryLocation = Chromium };
        options.AddArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1100,1000", "--autoplay-policy=no-user-gesture-required");
        var service = ChromeDriverService.CreateDefaultService(Path.GetDirectoryName(Driver)!, Path.GetFileName(Driver));
        service.SuppressInitialDiagnosticInformation = true;
        service.HideCommandPromptWindow = true;
        return new ChromeDriver(service, options, TimeSpan.FromMinutes(2));
    }
}
