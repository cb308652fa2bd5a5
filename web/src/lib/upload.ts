export interface UploadResult {
  cid: string;
  files: Array<{ path: string; cid: string; size: number }>;
}

// Uploads files (names may hold folders) to /api/uploads with progress: fetch cannot report upload
// progress, XMLHttpRequest can. With a job, the files are that job's QC evidence.
export function upload(
  files: Array<{ file: File; path: string }>,
  onProgress: (fraction: number) => void,
  jobId?: string,
): Promise<UploadResult> {
  return new Promise((resolve, reject) => {
    const form = new FormData();
    for (const f of files) form.append('file', f.file, f.path);
    const xhr = new XMLHttpRequest();
    xhr.open('POST', jobId ? `/api/uploads?jobId=${encodeURIComponent(jobId)}` : '/api/uploads');
    xhr.withCredentials = true; // the session cookie
    xhr.upload.onprogress = (e) => e.lengthComputable && onProgress(e.loaded / e.total);
    xhr.onload = () => {
      if (xhr.status >= 200 && xhr.status < 300) {
        onProgress(1);
        resolve(JSON.parse(xhr.responseText) as UploadResult);
      } else {
        const message = (() => {
          try {
            return (JSON.parse(xhr.responseText) as { message?: string }).message;
          } catch {
            return undefined;
          }
        })();
        reject(new Error(message ?? `The upload failed (${xhr.status}).`));
      }
    };
    xhr.onerror = () => reject(new Error('The upload failed: the server could not be reached.'));
    xhr.send(form);
  });
}
