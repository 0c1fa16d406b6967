# Reference forecasts from R's forecast package, for `npm run bench:forecast -- --reference r`.
# Usage: Rscript reference-forecast.R IN.csv OUT_DIR M H
# IN.csv: one series per line, values only (no id, no header), right-padded with empty fields.
# Writes, per method (ets, theta, arima, arima-adjusted), OUT_DIR/METHOD-{mean,lo80,hi80,lo95,hi95}.csv (one line
# per series, h values) and OUT_DIR/timing.csv (method, cpu seconds for the whole set: fit + forecast).
# arima-adjusted: non-seasonal auto.arima on the series seasonally adjusted as ours (and thetaf) do it, the
# indices multiplied back onto the forecasts: the like-for-like reference for our arima.
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
# Multiplicative classical decomposition when the 90 % ACF test at lag m says seasonal (n >= 3m, as ours).
adjusted_forecast <- function(y, fit_forecast) {
  m <- frequency(y)
  n <- length(y)
  idx <- rep(1, max(m, 1))
  if (m > 1 && n >= 3 * m) {
    r <- as.numeric(acf(y, lag.max = m, plot = FALSE)$acf)[-1]
    if (abs(r[m]) > qnorm(0.95) * sqrt((1 + 2 * sum(r[-m]^2)) / n)) {
      s <- as.numeric(decompose(y, type = "multiplicative")$figure)
      if (all(is.finite(s) & s > 0)) idx <- s
    }
  }
  at <- function(t) idx[(t %% length(idx)) + 1]
  fc <- fit_forecast(as.numeric(y) / at(seq_len(n) - 1))
  out <- at(n + seq_len(h) - 1)
  fc$mean <- as.numeric(fc$mean) * out
  fc$lower <- as.matrix(fc$lower) * out
  fc$upper <- as.matrix(fc$upper) * out
  fc
}
methods <- list(
  ets = function(y) forecast(ets(y), h = h, level = c(80, 95)),
  theta = function(y) thetaf(y, h = h, level = c(80, 95)),
  arima = function(y) forecast(auto.arima(y), h = h, level = c(80, 95)),
  "arima-adjusted" = function(y) {
    adjusted_forecast(y, function(x) forecast(auto.arima(x, seasonal = FALSE), h = h, level = c(80, 95)))
  }
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
