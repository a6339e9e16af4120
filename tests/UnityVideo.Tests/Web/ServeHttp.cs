using System.Net;
using System.Text.Json;

namespace UnityVideo.Tests.Web;

/// <summary>HTTP calls of the serve tests: multipart posts, JSON answers, and polling a job until it ends.</summary>
internal static class ServeHttp
{
    public static string Finished(HttpClient http, (HttpStatusCode Status, JsonElement Body) posted)
    {
        Assert.Equal(HttpStatusCode.OK, posted.Status);
        var id = posted.Body.GetProperty("id").GetString()!;
        var end = Until(() => Get(http, $"/api/jobs/{id}"), s => s.GetProperty("state").GetString() is "done" or "failed");
        Assert.True(end.GetProperty("state").GetString() == "done", end.ToString());
        return id;
    }

    public static (HttpStatusCode Status, JsonElement Body) Post(HttpClient http, string url, params (string Name, string Value)[] fields)
    {
        using var form = new MultipartFormDataContent();
        foreach (var (name, value) in fields) form.Add(new StringContent(value), name);
        using var response = http.PostAsync(new Uri(url, UriKind.Relative), form).GetAwaiter().GetResult();
        return (response.StatusCode, JsonDocument.Parse(response.Content.ReadAsStringAsync().GetAwaiter().GetResult()).RootElement.Clone());
    }

    public static JsonElement Get(HttpClient http, string url)
    {
        var (status, body) = GetRaw(http, url);
        Assert.True(status == HttpStatusCode.OK, $"{url}: {status} {body}");
        return body;
    }

    public static string Text(HttpClient http, string url) => http.GetStringAsync(new Uri(url, UriKind.Relative)).GetAwaiter().GetResult();

    public static (HttpStatusCode Status, JsonElement Body) GetRaw(HttpClient http, string url)
    {
        using var response = http.GetAsync(new Uri(url, UriKind.Relative)).GetAwaiter().GetResult();
        var text = response.Content.ReadAsStringAsync().GetAwaiter().GetResult();
        return (response.StatusCode, text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone());
    }

    // Polls until the condition holds; the deadline only keeps a broken server from hanging the suite.
    public static T Until<T>(Func<T> poll, Func<T, bool> done)
    {
        var deadline = DateTime.UtcNow.AddMinutes(2);
        while (true)
        {
            var value = poll();
            if (done(value)) return value;
            Assert.True(DateTime.UtcNow < deadline, $"still waiting after 2 minutes; last answer: {value}");
            Thread.Sleep(100);
        }
    }
}
