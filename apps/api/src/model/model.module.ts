import { Module } from '@nestjs/common';
import { ModelEditService } from './model-edit.service';
import { ModelResolver } from './model.resolver';
import { ModelService } from './model.service';

@Module({ providers: [ModelEditService, ModelService, ModelResolver], exports: [ModelEditService] })
export class ModelModule {}
