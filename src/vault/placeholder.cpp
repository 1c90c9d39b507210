// placeholder until this layer has sources; delete when adding the first real file
