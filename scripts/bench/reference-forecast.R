# Reference forecasts from R's forecast package, for `npm run bench:forecast -- --reference r`.
# Usage: Rscript reference-forecast.R IN.csv OUT_DIR M H
# IN.csv: one series per line, values only (no id, no header), right-padded with empty fields.
# Writes, per method (ets, theta, arima), OUT_DIR/METHOD-{mean,lo80,hi80,lo95,hi95}.csv (one line per series,
# h values) and OUT_DIR/timing.csv (method, cpu seconds for the whole set: fit + forecast).
suppressPackageStartupMessages(library(forecast))
args <- commandArgs(trailingOnly = TRUE)
if (length(args) != 4) stop("usage: Rscript reference-forecast.R IN.csv OUT_DIR M H")
m <- as.integer(args[3])
h <- as.integer(args[4])
lines <- readLines(args[1])
series <- lapply(lines, function(l) {
  v <- suppressWarnings(as.numeric(strsplit(l, ",", fixed = TRUE)[[1]]))
  v[!is.na(v)]
})
methods <- list(
  ets = function(y) forecast(ets(y), h = h, level = c(80, 95)),
  theta = function(y) thetaf(y, h = h, level = c(80, 95)),
  arima = function(y) forecast(auto.arima(y), h = h, level = c(80, 95))
)
timing <- data.frame(method = character(0), cpuSeconds = numeric(0))
for (name in names(methods)) {
  out <- list(mean = list(), lo80 = list(), hi80 = list(), lo95 = list(), hi95 = list())
  started <- proc.time()
  for (i in seq_along(series)) {
    fc <- methods[[name]](ts(series[[i]], frequency = m))
    out$mean[[i]] <- as.numeric(fc$mean)
    out$lo80[[i]] <- as.numeric(fc$lower[, 1])
    out$hi80[[i]] <- as.numeric(fc$upper[, 1])
    out$lo95[[i]] <- as.numeric(fc$lower[, 2])
    out$hi95[[i]] <- as.numeric(fc$upper[, 2])
  }
  used <- proc.time() - started
  timing <- rbind(timing, data.frame(method = name, cpuSeconds = used[["user.self"]] + used[["sys.self"]]))
  for (part in names(out)) {
    text <- vapply(out[[part]], function(v) paste(format(v, digits = 15, scientific = FALSE, trim = TRUE), collapse = ","), "")
    writeLines(text, file.path(args[2], paste0(name, "-", part, ".csv")))
  }
}
write.csv(timing, file.path(args[2], "timing.csv"), row.names = FALSE)
